using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ember.Tests.Concurrency;

/// <summary>Jobs under concurrency limits, recording when each run started and ended, by run and key.</summary>
public class ConcurrencyJobs
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<(int Key, long Start, long End)>> Runs = new(StringComparer.Ordinal);

    public static IReadOnlyList<(int Key, long Start, long End)> RunsOf(string run) =>
        Runs.TryGetValue(run, out var runs) ? runs.ToArray() : [];

    /// <summary>The most runs of one key that overlapped at any moment, from the recorded start and end times.</summary>
    public static int MostAtOnce(IEnumerable<(int Key, long Start, long End)> runs) =>
        runs.GroupBy(r => r.Key).Select(g => g
                .SelectMany(r => new[] { (At: r.Start, Delta: 1), (At: r.End, Delta: -1) })
                .OrderBy(e => e.At).ThenBy(e => e.Delta) // an end at the same tick as a start frees first
                .Aggregate((Now: 0, Most: 0), (s, e) => (s.Now + e.Delta, Math.Max(s.Most, s.Now + e.Delta))).Most)
            .DefaultIfEmpty(0).Max();

    [ConcurrencyLimit("tenant:{key}", 3)]
    public static async Task LimitedAsync(string run, int key, int milliseconds)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(milliseconds);
        Runs.GetOrAdd(run, _ => new()).Enqueue((key, start, Stopwatch.GetTimestamp()));
    }

    [Mutex("orders:{0}")]
    public static void Mutex(int orderId)
    {
    }

    [Semaphore("reports")]
    public static void Semaphore(int day)
    {
    }

    [ConcurrencyLimit("x:{missing}", 2)]
    public static void Misnamed(int id)
    {
    }

    [DisableConcurrentExecution]
    public static void Exclusive(int n)
    {
    }

    public static void Plain(int n)
    {
    }
}
