using System.Text.RegularExpressions;
using Ember.Dashboard.Live;
using Ember.Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>The live graph opens with the last minutes: the statistics are sampled in the background and the overview brings them.</summary>
public sealed class LiveStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_history_keeps_the_last_five_minutes_in_order()
    {
        var history = new StatisticsHistory();
        for (var i = 0; i <= 400; i += 10) history.Add(new(T0.AddSeconds(i), i, 0));
        history.Add(new(T0.AddSeconds(100), 1, 1)); // out of order: ignored

        var recent = history.Recent(T0.AddSeconds(400));

        Assert.Equal(T0.AddSeconds(100), recent[0].At);
        Assert.Equal(T0.AddSeconds(400), recent[^1].At);
        Assert.Equal(31, recent.Count);
        Assert.True(recent.Zip(recent.Skip(1)).All(p => p.First.At < p.Second.At));
    }

    [Fact]
    public async Task The_overview_brings_the_totals_sampled_in_the_background()
    {
        await using var app = await DashboardApp.StartAsync(new() { ConfigureServices = o => o.StatsPollingInterval = TimeSpan.FromMilliseconds(250) });
        await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"));
        using var client = app.Client();
        var samples = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (samples < 3)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The overview brought {samples} samples.");
            var (_, body) = await client.GetAsync("");
            var recent = Regex.Match(body, "data-recent=\"([^\"]*)\"");
            Assert.True(recent.Success, "The live chart has no data-recent.");
            samples = recent.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries).Length;
            await Task.Delay(50);
        }
        var history = app.App.Services.GetRequiredService<StatisticsHistory>();
        Assert.NotEmpty(history.Recent(DateTimeOffset.UtcNow));
    }
}
