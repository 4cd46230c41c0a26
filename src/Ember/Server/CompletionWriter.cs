using System.Threading.Channels;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Writes job outcomes in batches: whatever finished while the previous batch was being written goes in the next one,
/// so a busy server makes one store round trip for many jobs. A failed write is retried with backoff; the jobs keep
/// their leases meanwhile, so they are not rescued while their outcome waits.
/// </summary>
internal sealed class CompletionWriter
{
    private const int MaxBatch = 1000;
    private readonly Channel<(RunningJob Job, StateChange Change)> _pending = Channel.CreateUnbounded<(RunningJob, StateChange)>(new() { SingleReader = true });
    private readonly IJobStore _store;
    private readonly RunningJobs _running;
    private readonly ServerContext _server;
    private readonly Task _writing;

    public CompletionWriter(IJobStore store, RunningJobs running, ServerContext server, CancellationToken abort)
    {
        _store = store;
        _running = running;
        _server = server;
        _writing = Task.Run(() => WriteAsync(abort), CancellationToken.None);
    }

    public void Add(RunningJob job, StateChange change) => _pending.Writer.TryWrite((job, change));

    /// <summary>Writes what is pending and stops; returns when done or when the abort token given at creation fires.</summary>
    public Task FlushAndStopAsync()
    {
        _pending.Writer.TryComplete();
        return _writing;
    }

    // Apply-state filters see only outcomes the store took. When the fence rejected some of the batch (rare), each
    // filtered job's stored state tells whether its outcome was the one applied.
    private async Task RunApplyStateFiltersAsync(List<(RunningJob Job, StateChange Change)> batch, bool allApplied)
    {
        foreach (var (running, change) in batch)
        {
            if (running.Job is not { } job || running.Filters.Apply.Length == 0) continue;
            try
            {
                if (!allApplied && !await WasAppliedAsync(running.Fetched.Id, change).ConfigureAwait(false)) continue;
                var context = new ApplyStateContext(running.Fetched.Id, job, change);
                foreach (var filter in running.Filters.Apply) await filter.OnStateAppliedAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ApplyStateFilterFailed(_server.Logger, running.Fetched.Id, ex);
            }
        }
    }

    private async Task<bool> WasAppliedAsync(string jobId, StateChange change)
    {
        var last = (await _store.Queries.GetJobAsync(jobId).ConfigureAwait(false))?.History[^1];
        return last is not null && last.State == change.State && last.ServerId == change.ServerId && last.Reason == change.Reason;
    }

    private async Task WriteAsync(CancellationToken abort)
    {
        var batch = new List<(RunningJob Job, StateChange Change)>(MaxBatch);
        var failures = 0;
        try
        {
            while (batch.Count > 0 || await _pending.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item)) batch.Add(item);
                try
                {
                    var completions = batch.Select(i => new JobCompletion(i.Job.Fetched.Id, i.Job.Fetched.LeaseToken, i.Change)).ToArray();
                    var applied = await _store.CompleteJobsAsync(new CompleteJobsRequest(completions), abort).ConfigureAwait(false);
                    if (applied < completions.Length) Log.CompletionsFenced(_server.Logger, completions.Length - applied);
                    await RunApplyStateFiltersAsync(batch, allApplied: applied == completions.Length).ConfigureAwait(false);
                    foreach (var item in batch) _running.Remove(item.Job);
                    batch.Clear();
                    if (failures > 0) Log.ProcessRecovered(_server.Logger, _server.Name, "completion writer");
                    failures = 0;
                }
                catch (Exception ex) when (!abort.IsCancellationRequested)
                {
                    var delay = Backoff.After(++failures);
                    Log.ProcessFailed(_server.Logger, _server.Name, "completion writer", delay, ex);
                    await Task.Delay(delay, _server.Time, abort).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Aborted at shutdown with outcomes unwritten: those jobs' leases expire and they run again elsewhere.
        }
    }
}
