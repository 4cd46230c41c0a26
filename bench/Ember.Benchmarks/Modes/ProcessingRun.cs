using System.Diagnostics;
using Ember.Benchmarks.Measurement;
using Ember.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Starts a server on a store already holding <c>jobs</c> enqueued no-op jobs and times it as the anchor does: from
/// before the server is created until every job has run (processed), then until the store counts them all Succeeded
/// (settled, i.e. the batched completions are written too). Options are Ember's defaults but for the worker count.
/// </summary>
internal static class ProcessingRun
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(6);

    /// <param name="alreadySucceeded">Succeeded jobs in the store before the run (the backlog), so settling waits for the new ones.</param>
    /// <param name="storeStats">Counts the server's store calls and prints them on stderr afterwards.</param>
    public static async Task<ProcessingResult> RunAsync(IJobStore store, int jobs, int workers, long alreadySucceeded = 0, bool storeStats = false)
    {
        StoreCallStats? stats = null;
        var serverStore = storeStats ? StoreCallStats.Wrap(store, out stats) : store;
        var allDone = BenchJobs.Expect(jobs);
        var gc = GcActivity.Start();
        var cpu = CpuShare.Start();
        var stopwatch = Stopwatch.StartNew();
        var server = new EmberServer(serverStore, new ServerOptions { WorkerCount = workers });
        await using (server)
        {
            await server.StartAsync();
            var finished = Task.WhenAny(allDone, Task.Delay(ProcessTimeout));
            await ProgressBar.Watch("processing", jobs, () => BenchJobs.Completed, finished);
            var processed = stopwatch.Elapsed;
            var completed = BenchJobs.Completed;
            var gcDuringProcessing = gc.Stop(completed);
            var cpuDuringProcessing = cpu.Stop(completed);

            // Polled only after processing, as the anchor does, so that the count queries don't slow the workers.
            while (await SucceededAsync(store) < alreadySucceeded + jobs && stopwatch.Elapsed < SettleTimeout)
                await Task.Delay(20);
            if (stats is not null)
            {
                stats.Print(Console.Error);
                Console.Error.WriteLine(gcDuringProcessing);
                Console.Error.WriteLine(cpuDuringProcessing);
            }
            return new ProcessingResult(completed, processed, stopwatch.Elapsed);
        }
    }

    public static async Task<long> SucceededAsync(IJobStore store) =>
        (await store.Queries.GetStateCountsAsync())[JobState.Succeeded];
}

/// <param name="Completed">How many no-op jobs ran (all of them unless the run timed out).</param>
/// <param name="Processed">Time until the last one ran.</param>
/// <param name="Settled">Time until the store showed them all Succeeded.</param>
internal sealed record ProcessingResult(int Completed, TimeSpan Processed, TimeSpan Settled);
