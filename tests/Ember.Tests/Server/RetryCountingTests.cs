using Ember.InMemory;
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

    public static class RetryJobs
    {
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
