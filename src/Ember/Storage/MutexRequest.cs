namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.TryAcquireMutexAsync"/> and <see cref="IJobStore.ReleaseMutexAsync"/>.</summary>
/// <param name="Name">The mutex (e.g. the job's type and method).</param>
/// <param name="JobId">The job whose run holds it.</param>
/// <param name="LeaseToken">The lease of that run.</param>
public sealed record MutexRequest(string Name, string JobId, string LeaseToken);
