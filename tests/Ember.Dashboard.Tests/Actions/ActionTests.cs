using System.Net;
using System.Text.Json;
using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Actions;

/// <summary>Requeue, delete, trigger and remove: on one job, a selection, a whole filtered list; and what a bad id gets.</summary>
public sealed class ActionTests
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task Requeue_and_delete_one_job_and_return_to_its_page_with_a_notice()
    {
        await using var app = await DashboardApp.StartAsync();
        var id = await app.Jobs.ScheduleAsync(() => SampleJobs.Succeed("x"), TimeSpan.FromHours(1));
        using var client = app.Client();
        await client.GetAsync("/job/" + id);

        using var requeue = await client.PostAsync("/actions/jobs/requeue", [F("id", id), F("return", "/job/" + id)]);
        Assert.Equal("/ember/job/" + id + "?done=requeued&n=1&missed=0", requeue.Headers.Location!.ToString());
        Assert.Contains("Requeued 1 job.", await client.FollowAsync(requeue));
        Assert.Equal(JobState.Enqueued, (await app.Queries.GetJobAsync(id))!.Job.State);

        using var delete = await client.PostAsync("/actions/jobs/delete", [F("id", id), F("return", "/job/" + id + "?done=requeued&n=1")]);
        Assert.Equal("/ember/job/" + id + "?done=deleted&n=1&missed=0", delete.Headers.Location!.ToString());
        Assert.Equal(JobState.Deleted, (await app.Queries.GetJobAsync(id))!.Job.State);
    }

    [Fact]
    public async Task A_selection_is_acted_on_and_the_rest_left_alone()
    {
        await using var app = await DashboardApp.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("s" + i)));
        using var client = app.Client();
        await client.GetAsync("/jobs/enqueued");
        using var response = await client.PostAsync("/actions/jobs/delete", [F("scope", "selected"), F("id", ids[0]), F("id", ids[3]), F("return", "/jobs/enqueued")]);
        Assert.Contains("Deleted 2 jobs.", await client.FollowAsync(response));
        var states = await Task.WhenAll(ids.Select(async id => (await app.Queries.GetJobAsync(id))!.Job.State));
        Assert.Equal([JobState.Deleted, JobState.Enqueued, JobState.Enqueued, JobState.Deleted, JobState.Enqueued], states);
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("not-a-job-id")]
    [InlineData("<script>")]
    public async Task A_forged_or_unknown_job_id_gets_a_clear_message_not_an_error(string id)
    {
        await using var app = await DashboardApp.StartAsync();
        using var client = app.Client();
        await client.GetAsync("/job/" + await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x"))); // a page with a form
        foreach (var action in new[] { "requeue", "delete" })
        {
            using var response = await client.PostAsync("/actions/jobs/" + action, [F("id", id), F("return", "/")]);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Contains("That job or recurring job doesn&#39;t exist (any more).", await client.FollowAsync(response));
        }
        using var nothing = await client.PostAsync("/actions/jobs/requeue", [F("return", "/")]);
        Assert.Contains("Nothing was selected.", await client.FollowAsync(nothing));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task The_return_address_stays_inside_the_dashboard(string target)
    {
        await using var app = await DashboardApp.StartAsync();
        using var client = app.Client();
        await client.GetAsync("/job/" + await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("x")));
        using var response = await client.PostAsync("/actions/jobs/requeue", [F("id", "1"), F("return", target)]);
        Assert.StartsWith("/ember/?", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Deleting_a_processing_job_cancels_its_run()
    {
        await using var app = await DashboardApp.StartAsync(new() { RunServer = true });
        var id = await app.Jobs.EnqueueAsync(() => SampleJobs.WaitAsync(60_000, CancellationToken.None));
        await app.WaitForStateAsync(id, JobState.Processing);
        using var client = app.Client();
        await client.GetAsync("/job/" + id);
        using var response = await client.PostAsync("/actions/jobs/delete", [F("id", id), F("return", "/job/" + id)]);
        Assert.Contains("Deleted 1 job.", await client.FollowAsync(response));
        await app.WaitForStateAsync(id, JobState.Deleted);
    }

    [Fact]
    public async Task Recurring_jobs_are_triggered_and_removed()
    {
        await using var app = await DashboardApp.StartAsync();
        await app.Recurring.AddOrUpdateAsync("report", Job.FromExpression(() => SampleJobs.Succeed("report")), "0 3 * * *");
        await app.Recurring.AddOrUpdateAsync("cleanup", Job.FromExpression(() => SampleJobs.Succeed("cleanup")), "*/5 * * * *");
        using var client = app.Client();
        await client.GetAsync("/recurring");

        using var trigger = await client.PostAsync("/actions/recurring/trigger", [F("one", "report"), F("return", "/recurring")]);
        Assert.Contains("Triggered 1 recurring job.", await client.FollowAsync(trigger));
        var lastJob = (await app.Queries.GetRecurringJobAsync("report"))!.LastJobId;
        Assert.NotNull(lastJob);
        Assert.Equal(JobState.Enqueued, (await app.Queries.GetJobAsync(lastJob))!.Job.State);

        using var remove = await client.PostAsync("/actions/recurring/remove", [F("scope", "selected"), F("id", "report"), F("id", "cleanup"), F("return", "/recurring")]);
        Assert.Contains("Removed 2 recurring jobs.", await client.FollowAsync(remove));
        Assert.Empty(await app.Queries.GetRecurringJobsAsync());

        using var unknown = await client.PostAsync("/actions/recurring/trigger", [F("one", "gone"), F("return", "/recurring")]);
        Assert.Contains("doesn&#39;t exist", await client.FollowAsync(unknown));
        using var invalid = await client.PostAsync("/actions/recurring/remove", [F("one", new string('x', 500)), F("return", "/recurring")]);
        Assert.Contains("doesn&#39;t exist", await client.FollowAsync(invalid));
    }

    [Fact]
    public async Task A_job_that_succeeded_after_failing_shows_no_exception_panel()
    {
        var key = Guid.NewGuid().ToString("N");
        await using var app = await DashboardApp.StartAsync(new() { RunServer = true });
        var id = await app.Jobs.EnqueueAsync(() => SampleJobs.FailUntilFixed(key, 7));
        await app.WaitForStateAsync(id, JobState.Failed);
        using var client = app.Client();
        var (_, failed) = await client.GetAsync("/job/" + id);
        SampleJobs.Fix(key);
        await app.Jobs.RequeueAsync(id);
        await app.WaitForStateAsync(id, JobState.Succeeded);

        var (_, succeeded) = await client.GetAsync("/job/" + id);

        Assert.Contains("class=\"panel error-panel\"", failed);
        Assert.DoesNotContain("error-panel", succeeded);
        Assert.DoesNotContain("Last exception", succeeded);
        Assert.Contains("Payment gateway refused order 7", succeeded); // the failure is still in the history
    }

    [Fact]
    public async Task The_progress_of_an_action_on_a_whole_list_is_worded_Requeue_all()
    {
        await using var app = await DashboardApp.StartAsync();
        await app.Jobs.ScheduleAsync(() => SampleJobs.Succeed("later"), TimeSpan.FromHours(1));
        using var client = app.Client();
        await client.GetAsync("/jobs/scheduled?q=later");

        using var response = await client.PostAsync("/actions/jobs/requeue",
            [F("scope", "all"), F("state", "scheduled"), F("q", "later"), F("queue", ""), F("exception", ""), F("errors", ""), F("return", "/jobs/scheduled?q=later")]);
        var location = response.Headers.Location!.ToString();
        var (_, progress) = await client.GetAsync("/api/operations/" + location[(location.IndexOf("op=", StringComparison.Ordinal) + 3)..]);

        Assert.StartsWith("Requeue all Scheduled jobs matching", JsonDocument.Parse(progress).RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recurring_job_stored_with_a_newline_in_its_id_can_still_be_removed_though_the_browser_posts_CRLF()
    {
        await using var app = await DashboardApp.StartAsync();
        // Stored before AddOrUpdate refused control characters in ids.
        await app.App.Services.GetRequiredService<IJobStore>().UpsertRecurringJobAsync(new RecurringJobRecord
        {
            Id = "old\nreport", Cron = "0 3 * * *", TimeZoneId = "UTC", Queue = "default",
            Invocation = Invocations.Invocation.Serialize(Job.FromExpression(() => SampleJobs.Succeed("r")), new JsonSerializerOptions()),
            NextRunAt = DateTimeOffset.UtcNow.AddHours(1),
        });
        using var client = app.Client();
        await client.GetAsync("/recurring");

        using var trigger = await client.PostAsync("/actions/recurring/trigger", [F("one", "old\r\nreport"), F("return", "/recurring")]);
        using var remove = await client.PostAsync("/actions/recurring/remove", [F("one", "old\r\nreport"), F("return", "/recurring")]);

        Assert.Contains("Triggered 1 recurring job.", await client.FollowAsync(trigger));
        Assert.Contains("Removed 1 recurring job.", await client.FollowAsync(remove));
        Assert.Empty(await app.Queries.GetRecurringJobsAsync());
    }

    [Fact]
    public async Task Requeue_all_of_a_big_filtered_list_runs_in_the_background_until_every_job_is_done()
    {
        const int Count = 5_000;
        var key = Guid.NewGuid().ToString("N");
        await using var app = await DashboardApp.StartAsync(new() { RunServer = true, Configure = o => o.BulkBatchSize = 400 });
        // 5,000 jobs failing with one exception type, and a few with another, which the filter must leave alone.
        await app.Jobs.CreateAsync(Enumerable.Range(0, Count).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.FailUntilFixed(key, i)) }).ToArray());
        var others = await app.Jobs.CreateAsync(Enumerable.Range(0, 3).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.AlwaysFail("other")) }).ToArray());
        await WaitAsync(async () => (await app.Queries.GetStatisticsAsync()).Counts[JobState.Failed] == Count + 3, "all jobs Failed");

        using var client = app.Client();
        var (_, failedPage) = await client.GetAsync("/jobs/failed?exception=System.InvalidOperationException");
        Assert.Contains("Requeue all 5,000", failedPage);
        SampleJobs.Fix(key);
        using var response = await client.PostAsync("/actions/jobs/requeue",
        [
            F("scope", "all"), F("state", "failed"), F("exception", "System.InvalidOperationException"), F("queue", ""), F("q", ""), F("errors", ""),
            F("return", "/jobs/failed?exception=System.InvalidOperationException"),
        ]);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("op=", location);
        var page = await client.FollowAsync(response);
        Assert.Contains("data-operation=", page);

        var operation = location[(location.IndexOf("op=", StringComparison.Ordinal) + 3)..];
        JsonElement progress = default;
        await WaitAsync(async () =>
        {
            progress = JsonDocument.Parse((await client.GetAsync("/api/operations/" + operation)).Body).RootElement;
            return progress.GetProperty("phase").GetString() is "done" or "failed";
        }, "the operation to finish", TimeSpan.FromSeconds(60));
        Assert.Equal("done", progress.GetProperty("phase").GetString());
        Assert.Equal(Count, progress.GetProperty("collected").GetInt64());
        Assert.Equal(Count, progress.GetProperty("done").GetInt64());

        await WaitAsync(async () => (await app.Queries.GetStatisticsAsync()).Counts[JobState.Succeeded] == Count, "every requeued job to succeed", TimeSpan.FromSeconds(60));
        foreach (var other in others) Assert.Equal(JobState.Failed, (await app.Queries.GetJobAsync(other))!.Job.State);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(50);
        }
    }
}
