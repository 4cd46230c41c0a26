namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobClientStore.ChangeStateAsync"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Change">The transition to apply.</param>
/// <param name="ExpectedStates">Apply only if the job is in one of these states (compare-and-set).</param>
public sealed record ChangeStateRequest(string JobId, StateChange Change, IReadOnlyList<JobState> ExpectedStates);
