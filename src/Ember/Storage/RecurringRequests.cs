namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.GetDueRecurringJobsAsync"/>.</summary>
/// <param name="MaxCount">The most recurring jobs to return.</param>
public sealed record DueRecurringJobsRequest(int MaxCount);

/// <summary>Parameters of <see cref="IJobStore.FireRecurringJobAsync"/>.</summary>
/// <param name="Id">The recurring job.</param>
/// <param name="ExpectedNextRunAt">Fire only if its NextRunAt is still this (null matches a disabled job): the fence that makes each occurrence fire once.</param>
/// <param name="NextRunAt">Its next occurrence after this firing.</param>
/// <param name="RunAt">The occurrence (or trigger) time to record as LastRunAt.</param>
/// <param name="Jobs">The jobs to create (one, or one per missed occurrence; may be empty when skipping).</param>
public sealed record FireRecurringJobRequest(string Id, DateTimeOffset? ExpectedNextRunAt, DateTimeOffset? NextRunAt, DateTimeOffset RunAt, IReadOnlyList<NewJob> Jobs);

/// <summary>Parameters of <see cref="IJobStore.DisableRecurringJobAsync"/>.</summary>
/// <param name="Id">The recurring job.</param>
/// <param name="ExpectedNextRunAt">Disable only if its NextRunAt is still this (it wasn't updated meanwhile).</param>
/// <param name="Error">Why, for the application and the dashboard.</param>
public sealed record DisableRecurringJobRequest(string Id, DateTimeOffset? ExpectedNextRunAt, string Error);

/// <summary>Parameters of <see cref="IJobStore.TryAcquireMutexAsync"/> and <see cref="IJobStore.ReleaseMutexAsync"/>.</summary>
/// <param name="Name">The mutex (e.g. the job's type and method).</param>
/// <param name="JobId">The job whose run holds it.</param>
/// <param name="LeaseToken">The lease of that run.</param>
public sealed record MutexRequest(string Name, string JobId, string LeaseToken);
