namespace Ember.Storage;

/// <summary>
/// Optional store capability: goes through the store's paths of a job's first moments, created and then fetched,
/// without leaving a trace (a transaction rolled back, or a script given nothing to write), so that the first job a
/// process enqueues doesn't wait for the JIT compiler and the store's first-time work (statements prepared, scripts
/// loaded, rows read). A server calls it as it starts: on every store that was most of a first job's latency.
/// </summary>
public interface IJobStoreWarmUp
{
    /// <summary>
    /// Runs <see cref="IJobClientStore.CreateJobsAsync"/>'s path for <paramref name="sample"/>, and where the store can
    /// undo it <see cref="IJobStore.FetchJobsAsync"/>'s path for those jobs, without a trace: no job, history, counter or
    /// notification is left behind, and no job stays claimed (an id the sequence handed out may be skipped). The jobs
    /// are checked as a create checks them.
    /// </summary>
    Task WarmUpAsync(CreateJobsRequest sample, CancellationToken cancellationToken = default);
}
