using Ember.Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ember.Storage;
using static Microsoft.Playwright.Assertions;

namespace Ember.Dashboard.Tests.Browser;

/// <summary>
/// Pause and resume in a real browser, with a real Ember server running jobs: a queue paused from the overview holds
/// its jobs Enqueued until resumed, and a recurring job is paused and resumed from its page.
/// </summary>
public sealed class PauseBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private DashboardApp _app = null!;
    private IPage _page = null!;
    private readonly List<string> _browserErrors = [];

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync(new() { Kestrel = true, RunServer = true });
        _page = await chromium.NewWatchedPageAsync(_browserErrors, timezoneId: null);
    }

    public async Task DisposeAsync()
    {
        await _page.CloseAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_queue_paused_from_the_overview_holds_its_jobs_until_resumed()
    {
        await _page.GotoAsync(_app.BaseUrl);
        var row = _page.Locator("table.queues tr[data-queue=default]");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();

        await Expect(_page.Locator(".notice")).ToContainTextAsync("Paused the queue.");
        await Expect(row.Locator(".tag.paused")).ToHaveTextAsync("paused");
        Assert.Equal(["default"], await _app.Queries.GetPausedQueuesAsync());

        var id = await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("held"));
        // The server polls and is woken by the enqueue; give it well over a second to (wrongly) take the job.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(JobState.Enqueued, (await _app.Queries.GetJobAsync(id))!.Job.State);

        await _page.ReloadAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(_page.Locator(".notice")).ToContainTextAsync("Resumed the queue.");
        await Expect(row.Locator(".tag.paused")).ToHaveCountAsync(0);
        await _app.WaitForStateAsync(id, JobState.Succeeded, Patience);
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task A_recurring_job_is_paused_and_resumed_from_its_page()
    {
        await _app.Recurring.AddOrUpdateAsync("nightly", Job.FromExpression(() => SampleJobs.Succeed("night")), "30 2 * * *");
        await _page.GotoAsync(_app.BaseUrl + "/recurring");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();

        await Expect(_page.Locator(".notice")).ToContainTextAsync("Paused 1 recurring job.");
        await Expect(_page.Locator("td .tag.paused")).ToHaveTextAsync("paused");
        Assert.True((await _app.Queries.GetRecurringJobAsync("nightly"))!.Paused);

        await _page.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Expect(_page.Locator(".notice")).ToContainTextAsync("Resumed 1 recurring job.");
        await Expect(_page.Locator("td .tag.paused")).ToHaveCountAsync(0);
        Assert.False((await _app.Queries.GetRecurringJobAsync("nightly"))!.Paused);
        Assert.Empty(_browserErrors);
    }
}
