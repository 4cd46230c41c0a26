using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Ember.Storage;

namespace Ember.Benchmarks.Measurement;

/// <summary>
/// With --store-stats: wraps the store and counts, per operation, the calls, the jobs they carried and the time until
/// their task completed, then prints a table on stderr. It shows how many round trips a run makes and how big its
/// batches are, which is where a store's speed comes from. A proxy rather than a hand-written decorator, so that it
/// keeps up with IJobStore as operations are added; it passes on notifications, the only optional capability the
/// server looks for today.
/// </summary>
public class StoreCallStats : DispatchProxy
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private IJobStore _inner = null!;

    /// <summary>The server takes notifications from a store that implements them; the proxy must too.</summary>
    public interface IObservedStore : IJobStore, IJobNotifications;

    internal static IJobStore Wrap(IJobStore store, out StoreCallStats stats)
    {
        var proxy = Create<IObservedStore, StoreCallStats>();
        stats = (StoreCallStats)(object)proxy;
        stats._inner = store;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(IJobNotifications))
            return _inner.GetCapability<IJobNotifications>() is { } notifications ? targetMethod.Invoke(notifications, args) : new Unsubscribed();
        var started = Stopwatch.GetTimestamp();
        var result = targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, CultureInfo.InvariantCulture);
        if (result is Task task)
        {
            var counter = _counters.GetOrAdd(targetMethod.Name, static _ => new Counter());
            var request = args is { Length: > 0 } ? args[0] : null;
            task.ContinueWith(t => counter.Add(Items(request, t), Stopwatch.GetElapsedTime(started)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return result;
    }

    // Jobs carried by one call: what was sent for writes, what came back for fetches.
    private static long Items(object? request, Task task) => (request, task) switch
    {
        (CreateJobsRequest create, _) => create.Jobs.Count,
        (CompleteJobsRequest complete, _) => complete.Completions.Count,
        (ExtendLeasesRequest extend, _) => extend.Leases.Count,
        (_, Task<IReadOnlyList<FetchedJob>> fetch) when fetch.IsCompletedSuccessfully => fetch.Result.Count,
        (_, Task<int> count) when count.IsCompletedSuccessfully => count.Result,
        _ => 0,
    };

    public void Print(TextWriter writer)
    {
        writer.WriteLine($"{"store operation",-28} {"calls",9} {"jobs",10} {"jobs/call",10} {"total ms",10} {"ms/call",9} {"max ms",9}");
        foreach (var (name, c) in _counters.OrderByDescending(p => p.Value.Elapsed))
        {
            var perCall = c.Calls == 0 ? 0 : (double)c.Items / c.Calls;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {c.Calls,9} {c.Items,10} {perCall,10:F1} {c.Elapsed.TotalMilliseconds,10:F0} {c.Elapsed.TotalMilliseconds / Math.Max(1, c.Calls),9:F3} {c.Longest.TotalMilliseconds,9:F1}"));
        }
    }

    private sealed class Counter
    {
        private long _calls, _items, _ticks, _longest;
        public long Calls => Volatile.Read(ref _calls);
        public TimeSpan Longest => TimeSpan.FromTicks(Volatile.Read(ref _longest));
        public long Items => Volatile.Read(ref _items);
        public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _ticks));

        public void Add(long items, TimeSpan elapsed)
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _items, items);
            Interlocked.Add(ref _ticks, elapsed.Ticks);
            for (var longest = Longest.Ticks; elapsed.Ticks > longest; longest = Longest.Ticks)
                if (Interlocked.CompareExchange(ref _longest, elapsed.Ticks, longest) == longest) break;
        }
    }

    private sealed class Unsubscribed : IDisposable
    {
        public void Dispose() { }
    }
}
