using System.Collections.Concurrent;
using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;
using Ember.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Concurrency limits (issue 19), each run on a fresh store: N no-op jobs without a key; N with a key each (1,000 keys,
/// limit 5); N/2 of those alone (the baseline of the next run); then N/2 jobs of one hot key with limit 1 enqueued
/// ahead of N/2 jobs of the 1,000 keys: the others' rate (until the last of them ran) against the baseline, and the
/// hot key's own rate and the gap between one of its runs ending and the next starting.
/// </summary>
internal static class LimitsMode
{
    private const int Keys = 1000;
    private const int Limit = 5;

    public static async Task<object> RunAsync(BenchOptions options)
    {
        // An unmeasured round first, so that the first figure isn't the one paying for start-up (JIT).
        await ProcessAsync(options, Math.Min(options.Jobs, 5000), i => i % 2 == 0 ? null : new ConcurrencyLimit($"k{i % Keys}", Limit));
        var none = await ProcessAsync(options, options.Jobs, _ => null);
        var keyed = await ProcessAsync(options, options.Jobs, i => new ConcurrencyLimit($"k{i % Keys}", Limit));
        var half = options.Jobs / 2;
        var alone = await ProcessAsync(options, half, i => new ConcurrencyLimit($"k{i % Keys}", Limit));
        var hot = await HotKeyAsync(options, half);
        return new
        {
            system = "ember", mode = options.Mode, storage = options.Storage, jobs = options.Jobs, workers = options.Workers, keys = Keys, limit = Limit,
            noKeyPerSecond = none,
            keyedPerSecond = keyed,
            keyedVsNoKey = keyed / none,
            othersAlonePerSecond = alone,
            othersBesideHotKeyPerSecond = hot.Others,
            othersBesideHotKeyVsAlone = hot.Others / alone,
            hotKeyJobs = half,
            hotKeyPerSecond = hot.Hot,
            hotKeyMeanGapMs = hot.MeanGapMs,
            hotKeyMaxGapMs = hot.MaxGapMs,
            hotKeyMostAtOnce = hot.MostAtOnce,
        };
    }

    private static async Task EnqueueAsync(IJobStore store, int count, Func<int, ConcurrencyLimit?> concurrency, Func<Job> job)
    {
        var client = new BackgroundJobClient(store);
        for (var done = 0; done < count;)
        {
            var batch = new CreateJobRequest[Math.Min(Enqueuing.BulkBatch, count - done)];
            for (var i = 0; i < batch.Length; i++) batch[i] = new CreateJobRequest { Job = job(), Concurrency = concurrency(done + i) };
            await client.CreateAsync(batch);
            done += batch.Length;
        }
    }

    private static async Task<double> ProcessAsync(BenchOptions options, int jobs, Func<int, ConcurrencyLimit?> concurrency)
    {
        await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
        await storage.Store.InitializeAsync();
        await EnqueueAsync(storage.Store, jobs, concurrency, () => Job.FromExpression(() => BenchJobs.Noop()));
        var processing = await ProcessingRun.RunAsync(storage.Store, jobs, options.Workers, storeStats: options.StoreStats);
        return Rate.PerSecond(processing.Completed, processing.Processed);
    }

    private static async Task<(double Others, double Hot, double MeanGapMs, double MaxGapMs, int MostAtOnce)> HotKeyAsync(BenchOptions options, int half)
    {
        await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
        await storage.Store.InitializeAsync();
        await EnqueueAsync(storage.Store, half, _ => new ConcurrencyLimit("hot", 1), () => Job.FromExpression(() => HotKeyJobs.Run()));
        await EnqueueAsync(storage.Store, half, i => new ConcurrencyLimit($"k{i % Keys}", Limit), () => Job.FromExpression(() => BenchJobs.Noop()));
        var othersDone = BenchJobs.Expect(half);
        var hotDone = HotKeyJobs.Expect(half);
        StoreCallStats? stats = null;
        var serverStore = options.StoreStats ? StoreCallStats.Wrap(storage.Store, out stats) : storage.Store;
        var stopwatch = Stopwatch.StartNew();
        await using var server = new EmberServer(serverStore, new ServerOptions { WorkerCount = options.Workers });
        await server.StartAsync();
        var timeout = Task.Delay(TimeSpan.FromMinutes(10));
        await Task.WhenAny(othersDone, timeout);
        var others = Rate.PerSecond(BenchJobs.Completed, stopwatch.Elapsed);
        if (stats is not null)
        {
            Console.Error.WriteLine("hot key beside the others, until the others are done:");
            stats.Print(Console.Error);
        }
        await Task.WhenAny(hotDone, timeout);
        var runs = HotKeyJobs.Runs();
        var hot = runs.Count == 0 ? 0 : runs.Count / Stopwatch.GetElapsedTime(runs.Min(r => r.Start), runs.Max(r => r.End)).TotalSeconds;
        var ordered = runs.OrderBy(r => r.Start).ToArray();
        var gaps = ordered.Zip(ordered.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.End, b.Start).TotalMilliseconds).ToArray();
        var most = ordered.SelectMany(r => new[] { (At: r.Start, D: 1), (At: r.End, D: -1) }).OrderBy(e => e.At).ThenBy(e => e.D)
            .Aggregate((Now: 0, Most: 0), (s, e) => (s.Now + e.D, Math.Max(s.Most, s.Now + e.D))).Most;
        return (others, hot, gaps.Length == 0 ? 0 : gaps.Average(), gaps.Length == 0 ? 0 : gaps.Max(), most);
    }
}

/// <summary>The hot key's job: records when each run started and ended, to measure the gap between runs.</summary>
public static class HotKeyJobs
{
    private static ConcurrentQueue<(long Start, long End)> _runs = new();
    private static int _target = int.MaxValue;
    private static TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task Expect(int count)
    {
        _runs = new();
        _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, count);
        return _done.Task;
    }

    public static void Run()
    {
        var start = Stopwatch.GetTimestamp();
        Thread.SpinWait(20);
        _runs.Enqueue((start, Stopwatch.GetTimestamp()));
        if (_runs.Count >= Volatile.Read(ref _target)) _done.TrySetResult();
    }

    internal static IReadOnlyList<(long Start, long End)> Runs() => _runs.ToArray();
}
