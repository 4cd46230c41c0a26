// Ember's benchmark: the command line and JSON keys of the Hangfire anchor (../shared/anchors/hangfire-bench), so that
// bench/compare.sh can run both on the same workload and put them side by side.
//
//   dotnet run -c Release --project bench/Ember.Benchmarks -- throughput --storage inmemory|sqlite [--jobs 20000] [--workers 20]
//   dotnet run -c Release --project bench/Ember.Benchmarks -- latency --storage inmemory|sqlite [--cross-process] [--samples 50]
//   dotnet run -c Release --project bench/Ember.Benchmarks -- backlog --storage sqlite [--backlog 1000000] [--jobs 20000]
//   dotnet run -c Release --project bench/Ember.Benchmarks -- store --storage sqlite [--jobs 20000] [--concurrency-keys 1000]
//   dotnet run -c Release --project bench/Ember.Benchmarks -- bulk --storage sqlite [--jobs 100000]
//   dotnet run -c Release --project bench/Ember.Benchmarks -- batch --storage sqlite [--jobs 100000]: a batch and its continuation vs the same jobs
//   --store-stats (throughput, backlog): the server's store calls, batch sizes and times, on stderr.
//   --instrumented (throughput): the store behind InstrumentedJobStore, as AddEmber registers it.
//   --no-culture (throughput): jobs without the cultures' parameters that every job carries by default.
//   --listen: an ActivityListener and a MeterListener record everything Ember emits (tracing and metrics on).
//   --rate-keys N [--rate-algorithm fixed|sliding|token] (throughput): every job carries a rate limit on one of N keys that never binds.
//
// Prints one JSON line on stdout, {"system":"ember",...}; progress goes to stderr when it is a terminal.
using System.Text.Json;
using Ember.Benchmarks;
using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Modes;

try
{
    var options = BenchOptions.Parse(args);
    using var listening = options.Listen ? TelemetrySink.Start() : null;
    if (options.Role == "client")
    {
        await LatencyClientRole.RunAsync(options);
        return 0;
    }
    object result = options.Mode switch
    {
        "throughput" => await ThroughputMode.RunAsync(options),
        "latency" => await LatencyMode.RunAsync(options),
        "backlog" => await BacklogMode.RunAsync(options),
        "store" => await StoreMode.RunAsync(options),
        "dashboard" => await DashboardMode.RunAsync(options),
        "bulk" => await BulkMode.RunAsync(options),
        "batch" => await BatchMode.RunAsync(options),
        "limits" => await LimitsMode.RunAsync(options),
        _ => throw new ArgumentException($"Unknown mode '{options.Mode}'; use throughput, latency, backlog, store, dashboard, bulk, batch or limits."),
    };
    Console.WriteLine(JsonSerializer.Serialize(result));
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
{
    await Console.Error.WriteLineAsync("ember-bench: " + ex.Message);
    return 2;
}

/// <summary>The entry point's type, named so that the child process can find this assembly.</summary>
internal sealed partial class Program;
