namespace Ember.Storage;

/// <summary>The outcome of one run, fenced by its lease.</summary>
/// <param name="JobId">The job.</param>
/// <param name="LeaseToken">The token the run was fetched with.</param>
/// <param name="Change">The state the job moves to.</param>
public sealed record JobCompletion(string JobId, string LeaseToken, StateChange Change);
