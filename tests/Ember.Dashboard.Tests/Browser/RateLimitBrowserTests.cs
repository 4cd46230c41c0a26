using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ember.Dashboard.Tests.Browser;

/// <summary>
/// The rate limits page in a real browser, with a real Ember server taking permits: jobs over a fixed window's limit
/// are put off, a token bucket's job runs on, and the page shows each key with its rule, what is used, the jobs
/// processing and waiting, and when it next allows a start, as the store holds them; pages of keys, and the links
/// between the rate and concurrency limits pages.
/// </summary>
public sealed class RateLimitBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private DashboardApp _app = null!;
    private IPage _page = null!;
    private readonly List<string> _browserErrors = [];

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync(new() { Kestrel = true, RunServer = true });
        _page = await chromium.NewWatchedPageAsync(_browserErrors, timezoneId: "Europe/Paris");
    }

    public async Task DisposeAsync()
    {
        await _page.CloseAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_page_shows_each_key_with_its_rule_counts_and_next_start_as_the_store_holds_them()
    {
        // 5 jobs under 2 a day: 2 run, 3 are put off (Scheduled) until the window ends. A day, so that the run doesn't
        // straddle two windows unless it starts within seconds of midnight UTC.
        var daily = new RateLimitOptions("customer:<7>", 2, TimeSpan.FromDays(1));
        var limited = new List<string>();
        for (var i = 0; i < 5; i++)
            limited.Add((await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("order " + i), new EnqueueOptions { RateLimits = [daily] })).JobId);
        // A token bucket of 3 an hour: one job takes a token and keeps running.
        var bucket = new RateLimitOptions("github-api", 3, TimeSpan.FromHours(1)) { Algorithm = RateLimitAlgorithm.TokenBucket };
        var running = (await _app.Jobs.EnqueueAsync(() => SampleJobs.WaitAsync(120_000, CancellationToken.None), new EnqueueOptions { RateLimits = [bucket] })).JobId;
        await WaitUntilAsync(async () => (await StatesAsync(limited)).Count(s => s == JobState.Succeeded) == 2 && (await StatesAsync(limited)).Count(s => s == JobState.Scheduled) == 3);
        await _app.WaitForStateAsync(running, JobState.Processing, Patience);
        // The bucket's permit is held ahead (its start counted at the hold's end, 1 s on): past it, 2 tokens are left.
        await WaitUntilAsync(async () => (await KeysAsync()).Single(k => k.Algorithm == RateLimitAlgorithm.TokenBucket).Count >= 2);
        var stored = await KeysAsync();
        var fixedKey = stored.Single(k => k.Key == "customer:<7>");
        var bucketKey = stored.Single(k => k.Key == "github-api");
        Assert.Equal((2.0, 0L, 3L), (fixedKey.Count, fixedKey.Processing, fixedKey.Waiting));
        Assert.NotNull(fixedKey.NextFreeAt);
        Assert.Equal((1L, 0L, (DateTimeOffset?)null), (bucketKey.Processing, bucketKey.Waiting, bucketKey.NextFreeAt));

        await _page.GotoAsync(_app.BaseUrl);
        await _page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Rate limits" }).ClickAsync();

        await Expect(_page.Locator("h1")).ToContainTextAsync("Rate limits");
        await Expect(_page.Locator("header nav a.active")).ToHaveTextAsync("Rate limits");
        var rows = _page.Locator("table.rate-limits tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var fixedRow = _page.Locator("tr[data-key='customer:<7>'][data-algorithm=FixedWindow]");
        await Expect(fixedRow.Locator("code")).ToHaveTextAsync("customer:<7>");
        await Expect(fixedRow.Locator(".rule")).ToHaveTextAsync("2 per 1 d · fixed window");
        await Expect(fixedRow.Locator(".used")).ToHaveTextAsync("2 of 2 this window");
        await Expect(fixedRow.Locator(".processing")).ToHaveTextAsync("0");
        await Expect(fixedRow.Locator(".waiting")).ToHaveTextAsync("3");
        // The next start is the window's end, as the store says; the browser shows it in its own time zone.
        await Expect(fixedRow.Locator(".next time")).ToHaveAttributeAsync("datetime", fixedKey.NextFreeAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(fixedRow.Locator(".next time")).Not.ToContainTextAsync("UTC");
        var bucketRow = _page.Locator("tr[data-key=github-api][data-algorithm=TokenBucket]");
        await Expect(bucketRow.Locator(".rule")).ToHaveTextAsync("3 per 1 h · token bucket");
        await Expect(bucketRow.Locator(".used")).ToHaveTextAsync("2 of 3 tokens left");
        await Expect(bucketRow.Locator(".processing")).ToHaveTextAsync("1");
        await Expect(bucketRow.Locator(".waiting")).ToHaveTextAsync("0");
        await Expect(bucketRow.Locator(".next")).ToHaveTextAsync("now");
        // Keys are in the store's order (ordinal): "customer:<7>" before "github-api".
        await Expect(rows.Locator("code")).ToHaveTextAsync(["customer:<7>", "github-api"]);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-rate-limits.png"), FullPage = true });

        // To the concurrency limits and back.
        await _page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Concurrency limits" }).ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync("Concurrency limits");
        await _page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Rate limits" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task Keys_are_paged_in_order()
    {
        var keys = new[] { "tenant:3", "tenant:1", "tenant:2" };
        var ids = new List<string>();
        foreach (var key in keys)
            ids.Add((await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed(key), new EnqueueOptions { RateLimits = [new RateLimitOptions(key, 10, TimeSpan.FromDays(1))] })).JobId);
        foreach (var id in ids) await _app.WaitForStateAsync(id, JobState.Succeeded, Patience);

        await _page.GotoAsync(_app.BaseUrl + "/rate-limits?size=2");
        var codes = _page.Locator("table.rate-limits tbody tr code");
        await Expect(codes).ToHaveTextAsync(["tenant:1", "tenant:2"]);
        await Expect(_page.Locator("tr[data-key='tenant:1'] .used")).ToHaveTextAsync("1 of 10 this window");
        await _page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await Expect(codes).ToHaveTextAsync(["tenant:3"]);
        await Expect(_page.Locator(".pager .disabled")).ToHaveTextAsync("Next →");
        await _page.GetByRole(AriaRole.Link, new() { Name = "← Previous" }).ClickAsync();
        await Expect(codes).ToHaveTextAsync(["tenant:1", "tenant:2"]);
        Assert.Empty(_browserErrors);
    }

    private async Task<IReadOnlyList<RateLimitInfo>> KeysAsync() => await _app.Queries.GetRateLimitsAsync(new RateLimitListRequest());

    private async Task<JobState[]> StatesAsync(IEnumerable<string> ids)
    {
        var states = new List<JobState>();
        foreach (var id in ids) states.Add((await _app.Queries.GetJobAsync(id))!.Job.State);
        return [.. states];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The rate-limited jobs didn't reach the expected states in time.");
            await Task.Delay(50);
        }
    }
}
