using Ember.Benchmarks.Measurement;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Enqueue-to-start latency on an idle server, the anchor's way: the server idles 2 s, then one job at a time is
/// enqueued and timed until its method starts, with 100 ms between jobs. The client is in this process, or with
/// --cross-process in a child process on the same store.
/// </summary>
internal static class LatencyMode
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static async Task<object> RunAsync(BenchOptions options)
    {
        await using var storage = await BenchStorage.OpenAsync(options).ConfigureAwait(false);
        await storage.Store.InitializeAsync();
        var samples = new List<double>(options.Samples);
        double idleWorkingSetMb;
        var server = new EmberServer(storage.Store, new ServerOptions { WorkerCount = options.Workers });
        await using (server)
        {
            await server.StartAsync();
            await using var client = options.CrossProcess
                ? await ChildProcessLatencyClient.StartAsync(storage)
                : (ILatencyClient)new InProcessLatencyClient(storage.Store);
            await Task.Delay(TimeSpan.FromSeconds(2));
            // The server's footprint with nothing to do (issue 7's "server idle working set"). With --cross-process
            // this process is the server alone; in process it also holds a client, which adds next to nothing.
            idleWorkingSetMb = Memory.WorkingSetMb();

            using var bar = new ProgressBar("latency samples", options.Samples);
            for (var i = 0; i < options.Samples; i++)
            {
                BenchJobs.DiscardStarts();
                await client.EnqueueAsync();
                var latency = await BenchJobs.NextStartAsync(GiveUpAfter);
                samples.Add((latency ?? GiveUpAfter).TotalMilliseconds);
                bar.Report(i + 1);
                await Task.Delay(100);
            }
        }

        var percentiles = new Percentiles(samples);
        // With the anchor's 50 samples p99 is the maximum, which is usually the first job: the one that pays for JIT
        // compilation and first connections on both sides. Reported apart so the two can be told apart.
        var warm = samples.Count > 1 ? new Percentiles(samples.Skip(1)) : percentiles;
        return new
        {
            system = "ember", mode = options.Mode, storage = options.Storage, samples = percentiles.Count, workers = options.Workers,
            p50Ms = percentiles.At(0.5), p99Ms = percentiles.At(0.99), maxMs = percentiles.Max,
            firstMs = Math.Round(samples[0], 1), p99AfterFirstMs = warm.At(0.99),
            crossProcess = options.CrossProcess,
            idleWorkingSetMb,
            peakWorkingSetMb = Memory.PeakWorkingSetMb(),
        };
    }
}
