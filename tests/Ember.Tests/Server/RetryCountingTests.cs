using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Server;

public class RetryCountingTests
{
    [Fact]
    public async Task A_shutdown_hand_back_does_not_use_up_a_retry()
    {
        var store = new InMemoryJobStore();
        var key = Signals.NewKey();
        var id = new BackgroundJobClient(store).Enqueue(() => RetryJobs.HangThenFail(key, CancellationToken.None));

        await using (var first = await ServerHarness.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(100), store))
        {
            await Signals.WaitAsync(key + ":started");
        } // stopped: the run is handed back

        // The retry's delay is 0, so Scheduled may pass too quickly to be seen: the history tells instead. Had the
        // hand-back used the one retry, the second run would have gone straight to Failed at attempt 2.
        await using var second = await ServerHarness.StartAsync(store: store);
        var job = await second.WaitForStateAsync(id, JobState.Failed);

        Assert.Equal(3, job.Attempt);
        var retries = (await second.DetailsAsync(id)).History.Where(h => h.State == JobState.Scheduled).ToArray();
        Assert.Contains("Retry 1 of 1", Assert.Single(retries).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_requeue_gives_a_failed_job_its_retries_back()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        var id = harness.Client.Enqueue(() => RetryJobs.FailTwiceThenPass(key));
        await harness.WaitForStateAsync(id, JobState.Failed); // 1 retry allowed: fails twice

        Assert.True(harness.Client.Requeue(id));

        await harness.WaitForStateAsync(id, JobState.Succeeded); // third run passes, within its fresh retry budget
        Assert.Equal(3, Signals.Count(key));
    }

    [Fact]
    public async Task A_job_whose_runs_keep_being_interrupted_is_failed_without_running_once_it_has_used_its_interruptions()
    {
        // A job that crashes its process on every run: each run ends with the server gone and the job rescued. It
        // allows one interruption, so after the second no server runs it a third time.
        var store = new InMemoryJobStore();
        var key = Signals.NewKey();
        var id = new BackgroundJobClient(store).Enqueue(() => RetryJobs.Record(key));
        await InterruptRunsAsync(store, times: 2);

        await using var harness = await ServerHarness.StartAsync(store: store);
        var job = await harness.WaitForStateAsync(id, JobState.Failed);

        Assert.Equal(0, Signals.Count(key));
        Assert.Equal(typeof(Ember.Retry.JobInterruptedException).FullName, job.LastError?.Type);
        Assert.Contains("Interrupted 2 times (allowed: 1)", (await harness.DetailsAsync(id)).History[^1].Reason, StringComparison.Ordinal);

        Assert.True(harness.Client.Requeue(id)); // a user's requeue gives the allowance back
        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1, Signals.Count(key));
    }

    [Fact]
    public async Task An_interrupted_run_within_the_allowance_runs_again_and_spends_no_retry()
    {
        var store = new InMemoryJobStore();
        var client = new BackgroundJobClient(store);
        var passes = Signals.NewKey();
        var noRetry = Signals.NewKey();
        var fails = Signals.NewKey();
        var passing = client.Enqueue(() => RetryJobs.Record(passes));
        var neverRetried = client.Enqueue(() => RetryJobs.RecordWithoutRetries(noRetry));
        var failing = client.Enqueue(() => RetryJobs.FailAfterInterruption(fails));
        await InterruptRunsAsync(store, times: 1);

        await using var harness = await ServerHarness.StartAsync(store: store);
        await harness.WaitForStateAsync(passing, JobState.Succeeded);
        await harness.WaitForStateAsync(neverRetried, JobState.Succeeded); // Attempts = 0 is about exceptions, not crashes
        await harness.WaitForStateAsync(failing, JobState.Failed);

        Assert.Equal(1, Signals.Count(passes));
        Assert.Equal(1, Signals.Count(noRetry));
        // The interruption spent no retry: the first failure was retried, the second was final.
        Assert.Equal(2, Signals.Count(fails));
        var history = (await harness.DetailsAsync(failing)).History;
        Assert.Contains(history, h => h.Kind == HistoryKind.Rescued);
        Assert.Contains(history, h => h.Reason?.StartsWith("Retry 1 of 1", StringComparison.Ordinal) == true);
        Assert.Contains("Retries exhausted (1)", history[^1].Reason, StringComparison.Ordinal);
    }

    // Claims every Enqueued job for a server that then "dies": its lease lapses and the rescuer re-enqueues the jobs.
    private static async Task InterruptRunsAsync(InMemoryJobStore store, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var claimed = await store.FetchJobsAsync(new FetchJobsRequest("crashed-server", ["default"], 100, TimeSpan.FromMilliseconds(1)));
            Assert.NotEmpty(claimed);
            await Task.Delay(10);
            Assert.Equal(claimed.Count, await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(100)));
        }
    }

    public static class RetryJobs
    {
        [AutomaticRetry(Attempts = 1, Interruptions = 1, DelaysInSeconds = [0])]
        public static void Record(string key) => Signals.Hit(key);

        [AutomaticRetry(Attempts = 0)]
        public static void RecordWithoutRetries(string key) => Signals.Hit(key);

        [AutomaticRetry(Attempts = 1, DelaysInSeconds = [0])]
        public static void FailAfterInterruption(string key)
        {
            Signals.Hit(key);
            throw new InvalidOperationException("fails after an interruption");
        }

        [AutomaticRetry(Attempts = 1, DelaysInSeconds = [0])]
        public static async Task HangThenFail(string key, CancellationToken token)
        {
            if (Signals.Hit(key + ":started") == 1) await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("fails after the hand-back");
        }

        [AutomaticRetry(Attempts = 1, DelaysInSeconds = [0])]
        public static void FailTwiceThenPass(string key)
        {
            if (Signals.Hit(key) <= 2) throw new InvalidOperationException("not yet");
        }
    }
}
