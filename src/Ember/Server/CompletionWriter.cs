using System.Diagnostics;
using System.Threading.Channels;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Writes job outcomes in batches: whatever finished while the previous batch was being written goes in the next one,
/// so a busy server makes one store round trip for many jobs. The jobs keep their leases until their outcome is
/// written. A failing batch is retried with backoff; after a few failures it is written one outcome at a time, so one
/// outcome the store can never take (a poisoned row) is set aside instead of blocking every other. Once written, the
/// store's answer for each outcome says whether to run its apply-state filters. Under a high completion rate a batch
/// waits up to <see cref="MaxGather"/> to fill to what that rate brings in that time (fewer, larger writes while the
/// store is busy); under a light one it is written at once, so a finished job shows as such within a round trip.
/// </summary>
internal sealed class CompletionWriter(IJobStore store, RunningJobs running, ApplyStateFilterRunner applyStateFilters, ServerContext server)
{
    private const int MaxBatch = 1000;
    private const int FailuresBeforeSplitting = 3;

    /// <summary>The longest a batch waits to gather more outcomes.</summary>
    public static readonly TimeSpan MaxGather = TimeSpan.FromMilliseconds(2);

    private double _rate; // outcomes added per second, smoothed over batches
    private long _lastBatchAt;
    private readonly Channel<Completion> _pending = Channel.CreateUnbounded<Completion>(new() { SingleReader = true });
    private Task _writing = Task.CompletedTask;

    public void Start(CancellationToken abort) => _writing = Task.Run(() => WriteAsync(abort), CancellationToken.None);

    public void Add(RunningJob job, StateChange change) => _pending.Writer.TryWrite(new Completion(job, change));

    /// <summary>Writes what is pending and stops; returns when done or when the abort token given to Start fires.</summary>
    public Task FlushAndStopAsync()
    {
        _pending.Writer.TryComplete();
        return _writing;
    }

    private async Task WriteAsync(CancellationToken abort)
    {
        var batch = new List<Completion>(MaxBatch);
        var failures = 0;
        try
        {
            while (batch.Count > 0 || await _pending.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                // A batch being retried is not topped up, so a failing write doesn't grow without bound.
                if (failures == 0)
                {
                    Drain(batch);
                    await GatherAsync(batch, abort).ConfigureAwait(false);
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

    private void Drain(List<Completion> batch)
    {
        while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item)) batch.Add(item);
    }

    // Waits, at a high rate only, for the outcomes that rate brings within MaxGather, and measures the rate from the
    // batches themselves: outcomes taken since the previous batch over the time since then. On the machine's clock,
    // not the server's TimeProvider: this paces round trips, and must not wait on a test's frozen clock.
    private async Task GatherAsync(List<Completion> batch, CancellationToken abort)
    {
        var now = Stopwatch.GetTimestamp();
        if (_lastBatchAt != 0)
        {
            var seconds = Math.Max(Stopwatch.GetElapsedTime(_lastBatchAt, now).TotalSeconds, 1e-4);
            _rate = seconds > 1 ? batch.Count / seconds : (_rate + (batch.Count / seconds)) / 2;
        }
        var wanted = Math.Min(MaxBatch, (int)(_rate * MaxGather.TotalSeconds));
        if (batch.Count < wanted)
        {
            try
            {
                await Task.Delay(MaxGather, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Aborting: write what there is; the write itself gives up.
            }
            Drain(batch);
        }
        _lastBatchAt = Stopwatch.GetTimestamp();
    }

    private async Task WriteBatchAsync(List<Completion> batch, CancellationToken abort)
    {
        var answer = await store.CompleteJobsAsync(new CompleteJobsRequest(batch.Select(c => c.ToStore()).ToArray()), abort).ConfigureAwait(false);
        var (lost, alreadyWritten) = (0, 0);
        for (var i = 0; i < batch.Count; i++)
        {
            var result = answer.Results[i];
            if (result == CompletionResult.LeaseLost) lost++;
            else
            {
                // Already written means the first try of a retried write landed: its filters haven't run yet.
                if (result == CompletionResult.RunAlreadyCompleted) alreadyWritten++;
                await applyStateFilters.RunAsync(batch[i].Job, batch[i].Change).ConfigureAwait(false);
            }
            running.Remove(batch[i].Job);
        }
        if (lost > 0) Log.CompletionsFenced(server.Logger, lost);
        if (alreadyWritten > 0) Log.CompletionsAlreadyWritten(server.Logger, alreadyWritten);
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

    private readonly record struct Completion(RunningJob Job, StateChange Change)
    {
        public JobCompletion ToStore() => new(Job.Fetched.Id, Job.Fetched.LeaseToken, Change);
    }
}
