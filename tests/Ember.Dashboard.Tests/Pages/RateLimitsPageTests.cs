using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>The rate limits page without a browser: each algorithm's words, an empty store, and keys encoded.</summary>
public sealed class RateLimitsPageTests
{
    [Fact]
    public async Task Says_so_when_no_key_is_counting()
    {
        await using var app = await DashboardApp.StartAsync();
        using var client = app.Client();

        var (_, page) = await client.GetAsync("/rate-limits");

        Assert.Contains("No rate limit key is counting starts now.", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/ember/rate-limits\" class=\"active\" aria-current=\"page\">Rate limits</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_each_algorithm_in_its_own_terms()
    {
        await using var app = await DashboardApp.StartAsync();
        var store = app.App.Services.GetRequiredService<IJobStore>();
        RateLimitOptions[] limits =
        [
            new("<b>sliding</b>", 3, TimeSpan.FromSeconds(20)) { Algorithm = RateLimitAlgorithm.SlidingWindow },
            new("bucket", 4, TimeSpan.FromMilliseconds(61_500)) { Algorithm = RateLimitAlgorithm.TokenBucket },
            new("window", 1, TimeSpan.FromDays(2)),
        ];
        await store.TakeRatePermitsAsync(new TakeRatePermitsRequest([new RatePermitRequest(limits, "1", "lease")]));
        using var client = app.Client();

        var (_, page) = await client.GetAsync("/rate-limits");

        Assert.Contains("<code>&lt;b&gt;sliding&lt;/b&gt;</code>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"rule\">3 per 20 s · sliding window</td><td class=\"used\">1 of 3 in the last 20 s</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"rule\">4 per 61500 ms · token bucket</td>", page, StringComparison.Ordinal);
        Assert.Matches("<td class=\"used\">[23](\\.[0-9])? of 4 tokens left</td>", page);
        Assert.Contains("<td class=\"rule\">1 per 2 d · fixed window</td><td class=\"used\">1 of 1 this window</td>", page, StringComparison.Ordinal);
        // The fixed window is full: its next start is the window's end, a time; the others allow one now.
        Assert.Equal(2, page.Split("<span class=\"tag\">now</span>").Length - 1);
        Assert.Contains("<td class=\"next\"><time datetime=", page, StringComparison.Ordinal);
    }
}
