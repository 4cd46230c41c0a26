using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ember.Dashboard.Tests.Browser;

/// <summary>
/// The Batches pages in a real browser with a real Ember server: a batch with failures is listed with its progress,
/// its page shows its jobs, nested batch and continuation, its failed jobs are requeued from there and the batch's
/// counts follow; another batch is cancelled from its page. Takes docs/images/dashboard-batch.png.
/// </summary>
public sealed class BatchBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private DashboardApp _app = null!;
    private IPage _page = null!;
    private readonly List<string> _browserErrors = [];

    private IBatchJobClient Batches => _app.App.Services.GetRequiredService<IBatchJobClient>();

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

    private async Task<BatchInfo> WaitForBatchAsync(string id, Func<BatchInfo, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var batch = (await _app.Queries.GetBatchAsync(id))!;
            if (done(batch)) return batch;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Batch {id} is {batch.State} with {batch.Pending} pending.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_batch_with_failures_is_shown_with_its_progress_and_its_failed_jobs_are_requeued_from_its_page()
    {
        var key = Guid.NewGuid().ToString("N");
        var created = await Batches.CreateAsync(batch =>
        {
            for (var i = 0; i < 8; i++) batch.Enqueue(() => SampleJobs.Succeed("import row"));
            batch.Enqueue(() => SampleJobs.FailUntilFixed(key, 7));
            batch.Enqueue(() => SampleJobs.FailUntilFixed(key, 8));
            batch.StartNew(nested => nested.Enqueue(() => SampleJobs.Succeed("nested")), "thumbnails");
        }, "nightly import");
        var report = await _app.Jobs.ContinueJobWithAsync(created.BatchId, () => SampleJobs.Succeed("report"), JobContinuationOptions.OnAnyFinishedState);
        await WaitForBatchAsync(created.BatchId, b => b.State == BatchState.Completed);

        await _page.GotoAsync(_app.BaseUrl + "/batches");
        var row = _page.Locator($"tr[data-batch='{created.BatchId}']");
        await Expect(row).ToContainTextAsync("nightly import");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Completed with failures");
        await Expect(row).ToContainTextAsync("11 / 11");
        await row.Locator("a").First.ClickAsync();

        await Expect(_page.Locator("h1")).ToContainTextAsync($"Batch #{created.BatchId}");
        await Expect(_page.Locator(".facts")).ToContainTextAsync($"#{report}");
        await Expect(_page.Locator("table.batches")).ToContainTextAsync("thumbnails");
        await Expect(_page.Locator("table.jobs tbody tr")).ToHaveCountAsync(10);
        await _page.Locator(".tabs a", new() { HasText = "Failed" }).ClickAsync();
        await Expect(_page.Locator("table.jobs tbody tr")).ToHaveCountAsync(2);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ImagesFolder(), "dashboard-batch.png"), FullPage = true });

        SampleJobs.Fix(key);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Requeue failed jobs" }).ClickAsync();
        await Expect(_page.Locator(".notice")).ToContainTextAsync("Requeued 2 jobs.");
        var batch = await WaitForBatchAsync(created.BatchId, b => b.Succeeded == 11);
        Assert.Equal((BatchState.Completed, 0L), (batch.State, batch.Failed));

        // The continuation's parent link leads to the batch; a job's page links to its batch.
        await _page.GotoAsync(_app.BaseUrl + "/job/" + report);
        await _page.Locator("a", new() { HasText = $"#{created.BatchId}" }).First.ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync($"Batch #{created.BatchId}");
        await _page.GotoAsync(_app.BaseUrl + "/job/" + created.JobIds[0]);
        await _page.Locator("a", new() { HasText = $"batch #{created.BatchId}" }).ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync($"Batch #{created.BatchId}");
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task A_running_batch_is_cancelled_from_its_page()
    {
        var batchId = await Batches.StartNewAsync(batch =>
        {
            batch.Enqueue(() => SampleJobs.WaitAsync(60_000, CancellationToken.None));
            batch.Schedule(() => SampleJobs.Succeed("later"), TimeSpan.FromHours(1));
        }, "long one");
        await WaitForBatchAsync(batchId, b => b.Running == 1);

        await _page.GotoAsync(_app.BaseUrl + "/batch/" + batchId);
        await Expect(_page.Locator("h1 .badge")).ToHaveTextAsync("Started");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Cancel batch" }).ClickAsync();

        await Expect(_page.Locator(".notice")).ToContainTextAsync("Cancelled the batch.");
        var batch = await WaitForBatchAsync(batchId, b => b.State == BatchState.Deleted);
        Assert.Equal(2L, batch.Deleted);
        await _page.ReloadAsync();
        await Expect(_page.Locator("h1 .badge")).ToHaveTextAsync("Deleted");
        await Expect(_page.GetByRole(AriaRole.Button, new() { Name = "Cancel batch" })).ToHaveCountAsync(0);
        Assert.Empty(_browserErrors);
    }
}
