using System.Text.Json;
using Ember.Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace Ember.Dashboard.Tests.Browser;

/// <summary>
/// Every page's layout in a real browser: on a phone-wide screen (420 px) nothing spills sideways, in the system's
/// dark mode nothing stays glaring white, and no two buttons touch. Takes the narrow and dark screenshots.
/// </summary>
public sealed class LayoutTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private DashboardApp _app = null!;
    private string[] _paths = null!;

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync(new() { Kestrel = true, RunServer = true });
        var key = Guid.NewGuid().ToString("N");
        var failed = await _app.Jobs.EnqueueAsync(() => SampleJobs.FailUntilFixed(key, 1042));
        var succeeded = await _app.Jobs.EnqueueAsync(() => SampleJobs.Process(new Order(42, "Ada Lovelace", 12.5m, new[] { "tea", "cake", "a rather long line item name" })));
        await _app.Jobs.ScheduleAsync(() => SampleJobs.Succeed("tomorrow"), TimeSpan.FromDays(1));
        await _app.Jobs.EnqueueAsync("reports-with-a-long-queue-name", () => SampleJobs.Succeed("waiting for a server of the reports queue"));
        await _app.Recurring.AddOrUpdateAsync("nightly-report", Job.FromExpression(() => SampleJobs.Succeed("report")), "30 2 * * *");
        await _app.Recurring.AddOrUpdateAsync("cleanup-every-five-minutes", Job.FromExpression(() => SampleJobs.Succeed("cleanup")), "*/5 * * * *");
        // A key that puts jobs off, so that the rate limits page has rows.
        var limited = new EnqueueOptions { RateLimits = [new RateLimitOptions("customer:a-rather-long-key-of-a-tenant-42", 1, TimeSpan.FromDays(1))] };
        var ran = (await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("limited"), limited)).JobId;
        await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("put off"), limited);
        await _app.WaitForStateAsync(failed, JobState.Failed);
        await _app.WaitForStateAsync(succeeded, JobState.Succeeded);
        await _app.WaitForStateAsync(ran, JobState.Succeeded);
        _paths = ["", "/jobs/enqueued", "/jobs/scheduled", "/jobs/failed", "/jobs/succeeded", "/job/" + failed, "/job/" + succeeded, "/retries", "/recurring", "/servers", "/concurrency", "/rate-limits", "/search?q=report"];
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Nothing_overflows_sideways_on_a_420_px_wide_screen()
    {
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 420, Height = 860 }, TimezoneId = "Europe/Paris" });
        var problems = new List<string>();
        foreach (var path in _paths)
        {
            await page.GotoAsync(_app.BaseUrl + path);
            var overflow = await page.EvaluateAsync<JsonElement>(OverflowScript);
            if (overflow.GetProperty("scroll").GetInt32() > overflow.GetProperty("width").GetInt32() || overflow.GetProperty("out").GetArrayLength() > 0)
                problems.Add($"{path}: page {overflow.GetProperty("scroll")} px wide in {overflow.GetProperty("width")} px; spilling: {overflow.GetProperty("out")}");
            problems.AddRange(await TouchingButtonsAsync(page, path));
        }
        await page.GotoAsync(_app.BaseUrl + "/jobs/failed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-narrow.png"), FullPage = true });
        await page.CloseAsync();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_on_every_page()
    {
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, ColorScheme = ColorScheme.Dark, TimezoneId = "Europe/Paris" });
        var problems = new List<string>();
        foreach (var path in _paths)
        {
            await page.GotoAsync(_app.BaseUrl + path);
            foreach (var bright in (await page.EvaluateAsync<JsonElement>(BrightScript)).EnumerateArray())
                problems.Add($"{path}: {bright.GetString()}");
        }
        await page.GotoAsync(_app.BaseUrl + _paths[5]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-dark.png"), FullPage = true });
        await page.CloseAsync();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task No_two_buttons_touch_on_a_wide_screen()
    {
        var page = await chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        foreach (var path in _paths)
        {
            await page.GotoAsync(_app.BaseUrl + path);
            problems.AddRange(await TouchingButtonsAsync(page, path));
        }
        await page.CloseAsync();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> TouchingButtonsAsync(IPage page, string path) =>
        (await page.EvaluateAsync<JsonElement>(TouchingScript)).EnumerateArray().Select(pair => $"{path}: buttons touch: {pair.GetString()}").ToList();

    // The page's width against the window's, and the elements that reach past the window's right edge without a
    // scrolling box of their own around them.
    private const string OverflowScript = """
        () => {
          const width = document.documentElement.clientWidth, out = [];
          for (const el of document.body.querySelectorAll("*")) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= width + 0.5) continue;
            let p = el.parentElement, scrolls = false;
            while (p && p !== document.body) {
              const o = getComputedStyle(p).overflowX;
              if (o === "auto" || o === "scroll" || o === "hidden") { scrolls = true; break; }
              p = p.parentElement;
            }
            if (!scrolls) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "") + " (right " + Math.round(r.right) + ")");
          }
          return { scroll: document.documentElement.scrollWidth, width: width, out: out.slice(0, 8) };
        }
        """;

    // Visible buttons (and the pager's and tabs' links, which look like buttons) whose boxes, grown by 2 px each side,
    // meet: less than 4 px between them.
    private const string TouchingScript = """
        () => {
          const boxes = [...document.querySelectorAll("button, .tabs a, .chip, .pager a")]
            .map(el => ({ el, r: el.getBoundingClientRect() }))
            .filter(b => b.r.width > 0 && b.r.height > 0 && getComputedStyle(b.el).visibility !== "hidden");
          const name = el => (el.textContent || "").trim().slice(0, 30);
          const out = [];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i].r, b = boxes[j].r;
              if (a.left - 2 < b.right + 2 && b.left - 2 < a.right + 2 && a.top - 2 < b.bottom + 2 && b.top - 2 < a.bottom + 2)
                out.push(name(boxes[i].el) + " | " + name(boxes[j].el));
            }
          return out.slice(0, 8);
        }
        """;

    // Large or text-bearing boxes whose background stays light in dark mode, and text that stays dark.
    private const string BrightScript = """
        () => {
          const lum = c => {
            const m = c.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
            if (!m || (m[4] !== undefined && +m[4] < 0.5)) return null;
            const f = v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(+m[1]) + 0.7152 * f(+m[2]) + 0.0722 * f(+m[3]);
          };
          const out = [];
          const bodyBg = lum(getComputedStyle(document.body).backgroundColor);
          if (bodyBg === null || bodyBg > 0.1) out.push("body background " + getComputedStyle(document.body).backgroundColor);
          const bodyText = lum(getComputedStyle(document.body).color);
          if (bodyText === null || bodyText < 0.5) out.push("body text " + getComputedStyle(document.body).color);
          for (const el of document.querySelectorAll("main *, header *")) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const s = getComputedStyle(el), bg = lum(s.backgroundColor);
            if (bg !== null && bg > 0.45 && !el.classList.contains("badge") && !el.classList.contains("key"))
              out.push(el.tagName.toLowerCase() + "." + String(el.className).trim().replace(/\s+/g, ".") + " background " + s.backgroundColor);
          }
          return [...new Set(out)].slice(0, 10);
        }
        """;
}
