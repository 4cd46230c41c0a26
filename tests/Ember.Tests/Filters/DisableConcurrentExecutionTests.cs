using System.Collections.Concurrent;
using Ember.Tests.Support;

namespace Ember.Tests.Filters;

public class DisableConcurrentExecutionTests
{
    [Fact]
    public async Task Hangfire_form_with_a_timeout_runs_one_at_a_time()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var key = Signals.NewKey();

        var ids = Enumerable.Range(0, 3).Select(_ => harness.Client.Enqueue(() => HangfireStyleJobs.OneAtATimeAsync(key))).ToList();

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(20));
        Assert.Equal(1, HangfireStyleJobs.MaxConcurrency(key));
        Assert.Equal(600, new DisableConcurrentExecutionAttribute(timeoutInSeconds: 600).TimeoutInSeconds);
    }

    [Fact]
    public void A_negative_timeout_is_refused_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DisableConcurrentExecutionAttribute(-1));

        Assert.Equal("timeoutInSeconds", error.ParamName);
    }

    public static class HangfireStyleJobs
    {
        private static readonly ConcurrentDictionary<string, (int Current, int Max)> Concurrency = new();

        [DisableConcurrentExecution(10 * 60, RescheduleDelayInSeconds = 0)]
        public static async Task OneAtATimeAsync(string key)
        {
            var now = Concurrency.AddOrUpdate(key, (1, 1), (_, v) => (v.Current + 1, Math.Max(v.Max, v.Current + 1)));
            await Task.Delay(100);
            Concurrency.AddOrUpdate(key, (0, now.Max), (_, v) => (v.Current - 1, v.Max));
        }

        public static int MaxConcurrency(string key) => Concurrency[key].Max;
    }
}
