using System.Diagnostics;
using System.Threading.Channels;

namespace Ember.Benchmarks;

/// <summary>
/// The jobs the benchmark enqueues. Static methods, so no activation cost is measured beyond Ember's own, and static
/// state, because a job runs wherever the server is and reports back only through memory of this process.
/// </summary>
public static class BenchJobs
{
    private static int _completed;
    private static int _target = int.MaxValue;
    private static TaskCompletionSource _allDone = NewSignal();
    private static readonly Channel<TimeSpan> StartLatencies = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>How many no-op jobs ran since the last <see cref="Expect"/>.</summary>
    public static int Completed => Volatile.Read(ref _completed);

    /// <summary>The no-op job of the throughput runs: it only counts, so the benchmark knows when all have run.</summary>
    public static void Noop()
    {
        if (Interlocked.Increment(ref _completed) == Volatile.Read(ref _target)) _allDone.TrySetResult();
    }

    /// <summary>
    /// The latency job. The client passes <see cref="Stopwatch.GetTimestamp"/> taken just before it enqueued; on Linux
    /// that is CLOCK_MONOTONIC, one clock for every process of the machine, so the client may live in another process.
    /// </summary>
    public static void Started(long enqueuedAtTimestamp) => StartLatencies.Writer.TryWrite(Stopwatch.GetElapsedTime(enqueuedAtTimestamp));

    /// <summary>Resets the counter; the returned task completes when <paramref name="count"/> no-op jobs have run.</summary>
    public static Task Expect(int count)
    {
        var signal = NewSignal();
        Volatile.Write(ref _allDone, signal);
        Volatile.Write(ref _completed, 0);
        Volatile.Write(ref _target, count);
        return signal.Task;
    }

    /// <summary>The enqueue-to-start time of the next latency job to start, or null after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> NextStartAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await StartLatencies.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Drops starts reported late (a sample that timed out), so they can't pass for the next sample.</summary>
    public static void DiscardStarts()
    {
        while (StartLatencies.Reader.TryRead(out _)) { }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
