using System.Globalization;
using Ember.Dashboard.Live;
using Ember.Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ember.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard in a real browser, on Kestrel, with a real Ember server running jobs: the live counters move as jobs
/// run, and a failed job is requeued from its page and seen to succeed. Takes the screenshots in docs/images.
/// </summary>
public sealed class BrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private DashboardApp _app = null!;
    private IPage _page = null!;
    private readonly List<string> _browserErrors = [];

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync(new() { Kestrel = true, RunServer = true, Configure = o => o.StatsPollingInterval = TimeSpan.FromMilliseconds(500) });
        _page = await chromium.NewWatchedPageAsync(_browserErrors, timezoneId: "Europe/Paris");
    }

    public async Task DisposeAsync()
    {
        await _page.CloseAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Overview_counters_and_live_graph_follow_jobs_as_they_run()
    {
        var key = Guid.NewGuid().ToString("N");
        await _app.Recurring.AddOrUpdateAsync("nightly-report", Job.FromExpression(() => SampleJobs.Succeed("report")), "30 2 * * *");
        await _app.Jobs.ScheduleAsync(() => SampleJobs.Succeed("tomorrow"), TimeSpan.FromDays(1));
        await _app.Jobs.EnqueueAsync("reports", () => SampleJobs.Succeed("waiting for a reports server"));
        // Some history before the page opens, so the hourly and daily charts have bars.
        var earlier = await _app.Jobs.CreateAsync(Enumerable.Range(0, 30).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.WaitAsync(5, CancellationToken.None)) }).ToArray());
        await _app.WaitForStateAsync(earlier[^1], JobState.Succeeded);
        var deadline = DateTime.UtcNow + Patience;
        while ((await _app.Queries.GetStatisticsAsync()).Counts[JobState.Succeeded] < 30 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await _page.GotoAsync(_app.BaseUrl);
        var succeeded = _page.Locator(".cards [data-count=Succeeded]");
        await Expect(succeeded).ToHaveTextAsync("30");

        // Jobs run while the page is open: the counters change without a reload.
        await _app.Jobs.CreateAsync(Enumerable.Range(0, 40).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.WaitAsync(20, CancellationToken.None)) }).ToArray());
        await _app.Jobs.CreateAsync(Enumerable.Range(0, 6).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.FailUntilFixed(key, i)) }).ToArray());
        await Expect(succeeded).ToHaveTextAsync("70", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(_page.Locator(".cards [data-count=Failed]")).ToHaveTextAsync("6", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(_page.Locator("[data-total=succeeded]")).ToHaveTextAsync("70", new() { Timeout = (float)Patience.TotalMilliseconds });
        // The live graph drew its lines, and the history bars are there.
        await Expect(_page.Locator("#live-chart path.line.ok")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#chart-day rect.ok")).ToHaveCountAsync(24);
        await Expect(_page.Locator("#chart-week rect.ok")).Not.ToHaveCountAsync(0);
        // Times are shown in the browser's zone, not as UTC.
        await Expect(_page.Locator("time").First).Not.ToContainTextAsync("UTC");

        await _page.WaitForTimeoutAsync(1500); // a few more polls, so the screenshot shows the graph moving
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-overview.png"), FullPage = true });
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task The_live_graph_opens_with_the_last_minutes()
    {
        await _app.Jobs.CreateAsync(Enumerable.Range(0, 20).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.WaitAsync(5, CancellationToken.None)) }).ToArray());
        // The background sampling has read the totals before and after the jobs ran.
        var history = _app.App.Services.GetRequiredService<StatisticsHistory>();
        var deadline = DateTime.UtcNow + Patience;
        while (history.Recent(DateTimeOffset.UtcNow) is not [{ Succeeded: 0 }, .., { Succeeded: 20 }])
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The sampler did not see the 20 jobs succeed.");
            await Task.Delay(50);
        }

        await _page.GotoAsync(_app.BaseUrl);

        // Drawn from the page's own data, before any poll could have measured a rate.
        var chart = _page.Locator("#live-chart");
        Assert.True(int.Parse(await chart.GetAttributeAsync("data-seeded") ?? "0", CultureInfo.InvariantCulture) >= 1);
        Assert.True(double.Parse(await chart.GetAttributeAsync("data-peak") ?? "0", CultureInfo.InvariantCulture) > 0);
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task The_list_refreshes_when_its_count_changes_keeping_the_selection_and_the_scroll()
    {
        var key = Guid.NewGuid().ToString("N");
        var ids = await _app.Jobs.CreateAsync(Enumerable.Range(0, 25).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.FailUntilFixed(key, i)) }).ToArray());
        var deadline = DateTime.UtcNow + Patience;
        while ((await _app.Queries.GetStatisticsAsync()).Counts[JobState.Failed] < 25 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await _page.SetViewportSizeAsync(1280, 500);
        await _page.GotoAsync(_app.BaseUrl + "/jobs/failed");
        var ticked = _page.Locator($"input[name=id][value='{ids[20]}']");
        await ticked.CheckAsync();
        await _page.EvaluateAsync("() => { window.scrollTo(0, 300); window.emberTestMarker = 1; }");
        var scrolled = await _page.EvaluateAsync<double>("() => window.scrollY");

        var newcomer = await _app.Jobs.EnqueueAsync(() => SampleJobs.FailUntilFixed(key, 99));

        await Expect(_page.Locator($"table.jobs a[href$='/job/{newcomer}']").First).ToBeAttachedAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(_page.Locator(".content h1 small")).ToHaveTextAsync("26");
        await Expect(ticked).ToBeCheckedAsync();
        await Expect(_page.Locator("[data-selection]")).ToHaveTextAsync("1 selected");
        Assert.Equal(1, await _page.EvaluateAsync<int>("() => window.emberTestMarker")); // the same page, not a reload
        Assert.Equal(scrolled, await _page.EvaluateAsync<double>("() => window.scrollY"), 1.0);
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task A_failed_job_is_requeued_from_its_page_and_succeeds()
    {
        var key = Guid.NewGuid().ToString("N");
        var id = await _app.Jobs.EnqueueAsync(() => SampleJobs.FailUntilFixed(key, 1042));
        await _app.WaitForStateAsync(id, JobState.Failed);

        // From the Failed list, grouped by exception, to the job.
        await _page.GotoAsync(_app.BaseUrl + "/jobs/failed");
        await Expect(_page.Locator(".groups .chip", new() { HasText = "InvalidOperationException" })).ToBeVisibleAsync();
        await _page.Locator($"a[href$='/job/{id}']").First.ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync($"Job #{id}");
        await Expect(_page.Locator("h1 .badge")).ToHaveTextAsync("Failed");
        await Expect(_page.Locator(".error-panel")).ToContainTextAsync("Payment gateway refused order 1042");
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-job.png"), FullPage = true });

        SampleJobs.Fix(key);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();
        await Expect(_page.Locator(".notice")).ToContainTextAsync("Requeued 1 job.");
        await _app.WaitForStateAsync(id, JobState.Succeeded);
        await _page.ReloadAsync();
        await Expect(_page.Locator("h1 .badge")).ToHaveTextAsync("Succeeded");
        await Expect(_page.Locator("ol.history-list li").First).ToContainTextAsync("Succeeded");
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task A_running_job_page_shows_its_log_and_progress_as_they_come_then_its_result()
    {
        var key = Guid.NewGuid().ToString("N");
        var id = await _app.Jobs.EnqueueAsync(() => SampleJobs.ImportAsync(key, null, CancellationToken.None));
        await _app.WaitForStateAsync(id, JobState.Processing);
        await _page.GotoAsync(_app.BaseUrl + $"/job/{id}");

        await Expect(_page.Locator("pre.job-log")).ToContainTextAsync("imported batch 1 <b>not bold</b>", new() { Timeout = 10_000 });
        await Expect(_page.Locator("progress.job-progress")).ToHaveAttributeAsync("value", "50");
        SampleJobs.Fix($"{key}:1");
        // Without reloading: the page reads the running job again.
        await Expect(_page.Locator("pre.job-log")).ToContainTextAsync("imported batch 2", new() { Timeout = 10_000 });
        await Expect(_page.Locator("progress.job-progress")).ToHaveAttributeAsync("value", "100");
        SampleJobs.Fix($"{key}:2");
        await _app.WaitForStateAsync(id, JobState.Succeeded);
        await Expect(_page.Locator("ol.history-list li").First).ToContainTextAsync("Succeeded", new() { Timeout = 10_000 });
        await _page.ReloadAsync();
        await Expect(_page.Locator("[data-job-region=report] dl.facts")).ToContainTextAsync("Result2");
        Assert.Equal(0, await _page.Locator("pre.job-log b").CountAsync());
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task Requeue_all_failed_shows_progress_until_done()
    {
        var key = Guid.NewGuid().ToString("N");
        await _app.Jobs.CreateAsync(Enumerable.Range(0, 300).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.FailUntilFixed(key, i)) }).ToArray());
        var deadline = DateTime.UtcNow + Patience;
        while ((await _app.Queries.GetStatisticsAsync()).Counts[JobState.Failed] < 300 && DateTime.UtcNow < deadline) await Task.Delay(50);

        await _page.GotoAsync(_app.BaseUrl + "/jobs/failed");
        await _page.Locator("input[data-select-all]").CheckAsync();
        await Expect(_page.Locator("[data-selection]")).ToHaveTextAsync("20 selected");
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-failed.png") });
        await _page.Locator("input[data-select-all]").UncheckAsync();
        SampleJobs.Fix(key);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Requeue all 300" }).ClickAsync();
        await Expect(_page.Locator(".notice[data-finished=done]")).ToContainTextAsync("done, 300 of 300", new() { Timeout = (float)Patience.TotalMilliseconds });
        Assert.Empty(_browserErrors);
    }
}
