namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.FireRecurringJobAsync"/>.</summary>
/// <param name="Id">The recurring job.</param>
/// <param name="ExpectedNextRunAt">Fire only if its NextRunAt is still this (null matches a disabled job): the fence that makes each occurrence fire once.</param>
/// <param name="NextRunAt">Its next occurrence after this firing.</param>
/// <param name="RunAt">The occurrence (or trigger) time to record as LastRunAt.</param>
/// <param name="Jobs">The jobs to create (one, or one per missed occurrence; may be empty when skipping).</param>
public sealed record FireRecurringJobRequest(string Id, DateTimeOffset? ExpectedNextRunAt, DateTimeOffset? NextRunAt, DateTimeOffset RunAt, IReadOnlyList<NewJob> Jobs);
