using System.Globalization;

namespace Ember.Benchmarks;

/// <summary>
/// The command line. Mode, --storage, --jobs and --workers mean what they mean in the Hangfire anchor
/// (../shared/anchors/hangfire-bench), with the same defaults, so both programs take the same arguments.
/// </summary>
internal sealed record BenchOptions
{
    public required string Mode { get; init; }
    public string Storage { get; init; } = "inmemory";
    public int Jobs { get; init; } = 20_000;
    public int Workers { get; init; } = 20;

    /// <summary>Latency samples; the anchor takes min(jobs, 50).</summary>
    public int Samples { get; init; } = 50;

    /// <summary>Latency with the client in a child process, the realistic case for a store shared by processes.</summary>
    public bool CrossProcess { get; init; }

    /// <summary>"server" normally; "client" for the child process of a cross-process latency run.</summary>
    public string Role { get; init; } = "server";

    /// <summary>Finished jobs stored before the backlog run.</summary>
    public int Backlog { get; init; } = 1_000_000;

    /// <summary>Throughput: the measured store behind an InstrumentedJobStore, as AddEmber registers it.</summary>
    public bool Instrumented { get; init; }

    /// <summary>Attach an ActivityListener and a MeterListener to "Ember" that record everything (tracing on).</summary>
    public bool Listen { get; init; }

    /// <summary>Print the processing runs' store calls (count, batch size, time) on stderr: see StoreCallStats.</summary>
    public bool StoreStats { get; init; }

    /// <summary>
    /// Throughput: process one unmeasured round first, on a store of its own, so the figures show warmed-up code
    /// rather than start-up (JIT) cost. Off by default: the anchor measures a cold process.
    /// </summary>
    public bool Warmup { get; init; }

    /// <summary>
    /// Throughput: every job carries a rate limit on one of this many keys (job i on key i mod N) whose limit never
    /// binds (<see cref="RateLimitOptions.MaxSlidingWindowLimit"/> per second): the cost of taking permits. 0 (default) for none.
    /// </summary>
    public int RateKeys { get; init; }

    /// <summary>
    /// Store: every job carries a concurrency key, job i key i mod N with limit 5, which never binds at the batch
    /// sizes of the store mode when N is 200 or more: what counting a key's runs costs the fetch and the completion.
    /// 0 (default) for none.
    /// </summary>
    public int ConcurrencyKeys { get; init; }

    /// <summary>Throughput: enqueue without the cultures' parameters (EmberOptions.CaptureCulture off), to measure what storing them costs.</summary>
    public bool NoCulture { get; init; }

    /// <summary>The algorithm of <see cref="RateKeys"/>' limits: fixed (default), sliding or token.</summary>
    public RateLimitAlgorithm RateAlgorithm { get; init; }

    /// <summary>
    /// An existing store to open instead of a fresh one (the cross-process child uses it): a SQLite file, a PostgreSQL
    /// database name or a Redis key prefix.
    /// </summary>
    public string? Shared { get; init; }

    /// <summary>PostgreSQL connection string, as the anchor's --pg / BENCH_PG; its database is dropped and re-created.</summary>
    public string PostgreSql { get; init; } = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=ember_bench";

    /// <summary>Redis configuration, as the anchor's --redis / BENCH_REDIS.</summary>
    public string Redis { get; init; } = "127.0.0.1:6379";

    public static BenchOptions Parse(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "throughput";
        var jobs = Int(args, "--jobs", 20_000);
        var options = new BenchOptions
        {
            Mode = mode,
            Storage = Text(args, "--storage") ?? "inmemory",
            Jobs = jobs,
            Workers = Int(args, "--workers", 20),
            Samples = Int(args, "--samples", Math.Min(jobs, 50)),
            CrossProcess = args.Contains("--cross-process"),
            Role = Text(args, "--role") ?? "server",
            Backlog = Int(args, "--backlog", 1_000_000),
            Shared = Text(args, "--shared"),
            PostgreSql = Text(args, "--pg") ?? Environment.GetEnvironmentVariable("BENCH_PG") ?? "Host=127.0.0.1;Username=postgres;Password=postgres;Database=ember_bench",
            Redis = Text(args, "--redis") ?? Environment.GetEnvironmentVariable("BENCH_REDIS") ?? "127.0.0.1:6379",
            StoreStats = args.Contains("--store-stats"),
            Instrumented = args.Contains("--instrumented"),
            NoCulture = args.Contains("--no-culture"),
            Listen = args.Contains("--listen"),
            Warmup = args.Contains("--warmup"),
            RateKeys = Int(args, "--rate-keys", 0),
            ConcurrencyKeys = Int(args, "--concurrency-keys", 0),
            RateAlgorithm = (Text(args, "--rate-algorithm") ?? "fixed") switch
            {
                "fixed" => RateLimitAlgorithm.FixedWindow,
                "sliding" => RateLimitAlgorithm.SlidingWindow,
                "token" => RateLimitAlgorithm.TokenBucket,
                var other => throw new ArgumentException($"--rate-algorithm takes fixed, sliding or token, not '{other}'."),
            },
        };
        if (options.Jobs < 1 || options.Workers < 1 || options.Samples < 1 || options.Backlog < 0 || options.RateKeys < 0 || options.ConcurrencyKeys < 0)
            throw new ArgumentException("--jobs, --workers and --samples must be at least 1, --backlog, --rate-keys and --concurrency-keys at least 0.");
        return options;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var text = Text(args, name);
        if (text is null) return fallback;
        return int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} takes a whole number, not '{text}'.");
    }
}
