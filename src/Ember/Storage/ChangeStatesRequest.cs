namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobClientStore.ChangeStatesAsync"/>: one change for many jobs.</summary>
/// <param name="JobIds">The jobs; ids that name no job, or given twice, change nothing (more).</param>
/// <param name="Change">The transition to apply to each.</param>
/// <param name="ExpectedStates">Apply to a job only if it is in one of these states (compare-and-set, per job).</param>
public sealed record ChangeStatesRequest(IReadOnlyList<string> JobIds, StateChange Change, IReadOnlyList<JobState> ExpectedStates);
