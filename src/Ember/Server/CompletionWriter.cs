using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Writes job outcomes in batches. A busy server's outcomes ride on its next fetch (the fetcher carries them with
/// <see cref="IJobStore.CompleteAndFetchJobsAsync"/>, one round trip for both); what the fetcher doesn't pick up within
/// a few milliseconds (it is idle, backing off, or the outcomes hold the worker slots it waits for) this writer writes
/// itself, whatever finished meanwhile in one batch. The jobs keep their leases until their outcome is written. A
/// failing batch is retried with backoff; after a few failures it is written one outcome at a time, so one outcome the
/// store can never take (a poisoned row) is set aside instead of blocking every other.
/// </summary>
internal sealed class CompletionWriter(IJobStore store, RunningJobs running, ServerContext server)
{
    private const int MaxBatch = 1000;
    private const int FailuresBeforeSplitting = 3;
    // How long new outcomes wait for the fetcher to carry them: longer than a fetch round trip plus the fetcher's
    // gather window, short enough not to matter to anyone reading the job's state.
    private static readonly TimeSpan CarryWindow = TimeSpan.FromMilliseconds(5);

    private readonly Lock _lock = new();
    private readonly List<Completion> _pending = []; // new outcomes: the fetcher may carry them
    private readonly List<Completion> _givenBack = []; // carried outcomes whose write failed: only this writer retries them
    private readonly WorkSignal _added = new();
    private volatile bool _stopping;
    private volatile bool _fetcherIdle = true;
    private Task _writing = Task.CompletedTask;

    /// <summary>
    /// Whether the fetcher won't fetch soon (it waits for work or backs off, or isn't running): then outcomes don't
    /// wait for it. Set by the fetcher.
    /// </summary>
    public bool FetcherIdle
    {
        get => _fetcherIdle;
        set => _fetcherIdle = value;
    }

    public void Start(CancellationToken abort) => _writing = Task.Run(() => WriteAsync(abort), CancellationToken.None);

    public void Add(RunningJob job, StateChange change)
    {
        lock (_lock) _pending.Add(new Completion(job, change));
        _added.Set();
    }

    /// <summary>Takes up to a batch of new outcomes for the fetcher to carry; empty when there are none.</summary>
    public List<Completion> TakeForCarry()
    {
        lock (_lock) return Take(_pending, MaxBatch);
    }

    /// <summary>After the fetcher wrote carried outcomes: what the writer does after its own writes.</summary>
    public Task CarriedAsync(List<Completion> carried, int applied) => AfterWriteAsync(carried, applied);

    /// <summary>Carried outcomes whose round trip failed: this writer writes them, with its retries and splitting.</summary>
    public void GiveBack(List<Completion> carried)
    {
        lock (_lock) _givenBack.AddRange(carried);
        _added.Set();
    }

    /// <summary>Writes what is pending and stops; returns when done or when the abort token given to Start fires.</summary>
    public Task FlushAndStopAsync()
    {
        _stopping = true;
        _added.Set();
        return _writing;
    }

    private static List<Completion> Take(List<Completion> from, int atMost)
    {
        var count = Math.Min(atMost, from.Count);
        var taken = from.GetRange(0, count);
        from.RemoveRange(0, count);
        return taken;
    }

    private bool TakeForWriter(List<Completion> batch)
    {
        lock (_lock)
        {
            batch.AddRange(Take(_givenBack, MaxBatch));
            batch.AddRange(Take(_pending, MaxBatch - batch.Count));
        }
        return batch.Count > 0;
    }

    private async Task WriteAsync(CancellationToken abort)
    {
        var batch = new List<Completion>(MaxBatch);
        var failures = 0;
        try
        {
            while (true)
            {
                // A batch being retried is not topped up, so a failing write doesn't grow without bound.
                if (failures == 0)
                {
                    _added.Reset();
                    if (!TakeForWriter(batch))
                    {
                        if (_stopping) return;
                        await _added.WaitAsync(Timeout.InfiniteTimeSpan, server.Time, abort).ConfigureAwait(false);
                        // Real time, not the server's clock: a batching window, like the fetcher's gather window.
                        if (!FetcherIdle && !_stopping) await Task.Delay(CarryWindow, abort).ConfigureAwait(false);
                        continue;
                    }
                }
                try
                {
                    if (failures < FailuresBeforeSplitting) await WriteBatchAsync(batch, abort).ConfigureAwait(false);
                    else await WriteOneByOneAsync(batch, abort).ConfigureAwait(false);
                    batch.Clear();
                    if (failures > 0) Log.ProcessRecovered(server.Logger, server.Name, "completion writer");
                    failures = 0;
                }
                catch (Exception ex) when (!abort.IsCancellationRequested)
                {
                    var delay = Backoff.After(++failures);
                    Log.ProcessFailed(server.Logger, server.Name, "completion writer", delay, ex);
                    await Task.Delay(delay, server.Time, abort).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            // Aborted at shutdown with outcomes unwritten: those jobs' leases expire and they run again elsewhere.
        }
    }

    private async Task WriteBatchAsync(List<Completion> batch, CancellationToken abort)
    {
        var applied = await store.CompleteJobsAsync(new CompleteJobsRequest(batch.Select(c => c.ToStore()).ToArray()), abort).ConfigureAwait(false);
        await AfterWriteAsync(batch, applied).ConfigureAwait(false);
    }

    private async Task AfterWriteAsync(List<Completion> batch, int applied)
    {
        if (applied < batch.Count) Log.CompletionsFenced(server.Logger, batch.Count - applied);
        await RunApplyStateFiltersAsync(batch, allApplied: applied == batch.Count).ConfigureAwait(false);
        foreach (var item in batch) running.Remove(item.Job);
    }

    // When only some single writes fail, those outcomes are poisoned. When all fail, the store may be down or every
    // outcome poisoned: a read tells them apart (a store that answers reads is up). Poisoned outcomes are retried once
    // with their texts stripped of what a store may refuse (control characters), then dropped: the job's lease lapses
    // and it is rescued and runs again. An outage throws, to back off and keep the batch.
    private async Task WriteOneByOneAsync(List<Completion> batch, CancellationToken abort)
    {
        var failed = new List<(Completion Item, Exception Error)>();
        foreach (var item in batch)
        {
            try
            {
                await WriteBatchAsync([item], abort).ConfigureAwait(false);
            }
            catch (Exception ex) when (!abort.IsCancellationRequested)
            {
                failed.Add((item, ex));
            }
        }
        if (failed.Count == batch.Count && !await StoreAnswersAsync(batch[0].Job.Fetched.Id, abort).ConfigureAwait(false)) throw failed[0].Error;
        foreach (var (item, error) in failed)
        {
            try
            {
                await WriteBatchAsync([item with { Change = Sanitized(item.Change) }], abort).ConfigureAwait(false);
            }
            catch (Exception ex) when (!abort.IsCancellationRequested)
            {
                Log.CompletionDropped(server.Logger, item.Job.Fetched.Id, item.Change.State, new AggregateException(error, ex));
                running.Remove(item.Job);
            }
        }
    }

    private async Task<bool> StoreAnswersAsync(string jobId, CancellationToken abort)
    {
        try
        {
            await store.Queries.GetJobAsync(jobId, abort).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!abort.IsCancellationRequested)
        {
            return false;
        }
    }

    private static StateChange Sanitized(StateChange change) => change with
    {
        Reason = Clean(change.Reason),
        Error = change.Error is { } error ? new JobError(Clean(error.Type)!, Clean(error.Message)!, Clean(error.Details)!) : null,
    };

    private static string? Clean(string? text) => text is null ? null : new string(text.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray());

    // Apply-state filters see only outcomes the store took. When the fence rejected some of the batch (rare), each
    // filtered job's stored state tells whether its outcome was the one applied.
    private async Task RunApplyStateFiltersAsync(List<Completion> batch, bool allApplied)
    {
        foreach (var (job, change) in batch)
        {
            if (job.Job is not { } loaded || job.Filters.Apply.Length == 0) continue;
            try
            {
                if (!allApplied && !await WasAppliedAsync(job.Fetched.Id, change).ConfigureAwait(false)) continue;
                var context = new ApplyStateContext(job.Fetched.Id, loaded, change);
                foreach (var filter in job.Filters.Apply) await filter.OnStateAppliedAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ApplyStateFilterFailed(server.Logger, job.Fetched.Id, ex);
            }
        }
    }

    private async Task<bool> WasAppliedAsync(string jobId, StateChange change)
    {
        var last = (await store.Queries.GetJobAsync(jobId).ConfigureAwait(false))?.History[^1];
        return last is not null && last.State == change.State && last.ServerId == change.ServerId && last.Reason == change.Reason;
    }

    internal readonly record struct Completion(RunningJob Job, StateChange Change)
    {
        public JobCompletion ToStore() => new(Job.Fetched.Id, Job.Fetched.LeaseToken, Change);
    }
}
