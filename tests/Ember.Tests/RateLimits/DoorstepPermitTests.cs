using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Filters;
using Ember.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.RateLimits;

// A rate permit counts a start within its hold; a run whose filters outlast the hold takes its permit again right
// before its method (RunPermits.ConfirmAsync), or is put off when a limit refuses.
public class DoorstepPermitTests
{
    private static readonly TimeSpan Stall = RatePermitHolds.AtClaim + TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_run_whose_filters_outlast_its_permit_takes_it_again_right_before_its_method()
    {
        var key = Signals.NewKey();
        var calls = new ConcurrentQueue<(DateTimeOffset At, string JobId)>();
        var store = new FaultyStore(new InMemoryJobStore())
        {
            Fault = (operation, request) =>
            {
                if (operation == nameof(IJobStore.TakeRatePermitsAsync))
                    foreach (var run in ((TakeRatePermitsRequest)request!).Runs) calls.Enqueue((DateTimeOffset.UtcNow, run.JobId));
                return null;
            },
        };
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter { Performing = c => { if (Equals(c.Job.Arguments[0], key)) Thread.Sleep(Stall); } });
        await using var harness = await ServerHarness.StartAsync(store: store, emberOptions: options);

        var result = await harness.Client.EnqueueAsync(() => RateLimitJobs.Start(key, 1),
            new EnqueueOptions { RateLimits = [new RateLimitOptions($"doorstep:{key}", 100, TimeSpan.FromMinutes(1)) { Algorithm = RateLimitAlgorithm.TokenBucket }] });
        await Signals.WaitAsync(key, 1, TimeSpan.FromSeconds(20));
        await harness.WaitForStateAsync(result.JobId, JobState.Succeeded);

        var taken = calls.Where(c => c.JobId == result.JobId).Select(c => c.At).ToList();
        var started = RateLimitJobs.StartsOf(key).Single();
        // At claim (held for a second), then again on the doorstep, after the filter's stall: the start falls within
        // the second permit's hold (100 ms), not 1.3 s after the only permit it had.
        Assert.True(taken.Count >= 2, $"{taken.Count} permit calls for the run");
        Assert.InRange(started - taken[^1], TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_run_refused_on_its_doorstep_is_put_off_without_starting_and_its_filters_see_why()
    {
        var key = Signals.NewKey();
        Exception? seen = null;
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter
        {
            Performing = c => { if (Equals(c.Job.Arguments[0], key)) Thread.Sleep(Stall); },
            Performed = c => { if (Equals(c.Performing.Job.Arguments[0], key)) { seen = c.Exception; c.ExceptionHandled = true; } },
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        // One start an hour: the permit taken at claim is the bucket's only token; once it lapses in the filter, the run
        // can't have another.
        var result = await harness.Client.EnqueueAsync(() => RateLimitJobs.Start(key, 1),
            new EnqueueOptions { RateLimits = [new RateLimitOptions($"doorstep:{key}", 1, TimeSpan.FromHours(1)) { Algorithm = RateLimitAlgorithm.TokenBucket }] });

        var info = await harness.WaitForStateAsync(result.JobId, JobState.Scheduled, TimeSpan.FromSeconds(20));
        var details = await harness.DetailsAsync(result.JobId);
        Assert.Equal(HistoryKind.RateLimited, details.History[^1].Kind);
        Assert.Null(details.History[^1].Error); // spends no retry
        Assert.InRange(info.ScheduledAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        Assert.Equal(0, Signals.Count(key));
        Assert.Contains("rate permit ran out", Assert.IsType<RatePermitRefusedException>(seen).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permit_is_not_taken_in_the_last_moments_of_a_fixed_window()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_950)); // 50 ms before a second ends
        var limits = new[] { new RateLimitOptions("w", 10, TimeSpan.FromSeconds(1)) };

        var waiting = RatePermitHolds.WaitForWindowEndAsync(limits, time, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(2));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(time.GetUtcNow().ToUnixTimeMilliseconds() >= 1_000_001_000);

        // Mid-window, or a token bucket: no wait.
        Assert.True(RatePermitHolds.WaitForWindowEndAsync(limits, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_500)), CancellationToken.None).IsCompleted);
        Assert.True(RatePermitHolds.WaitForWindowEndAsync([limits[0] with { Algorithm = RateLimitAlgorithm.TokenBucket }], time, CancellationToken.None).IsCompleted);
    }
}
