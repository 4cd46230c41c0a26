using Xunit;

namespace Ember.Storage.Conformance;

// GetJobsAsync's filters: search text, exception type, jobs with an error (retries).
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task GetJobs_search_matches_invocation_text_ignoring_case()
    {
        var ids = await CreateAsync(
            Job(invocation: """{"t":"Shop.Mailer","m":"SendWelcome","a":["alice@example.com"]}"""),
            Job(invocation: """{"t":"Shop.Mailer","m":"SendInvoice","a":["bob@example.com"]}"""),
            Job(invocation: """{"t":"Shop.Reports","m":"Build","a":[42]}"""));

        Assert.Equal([ids[1], ids[0]], await SearchAsync("shop.MAILER"));
        Assert.Equal([ids[1]], await SearchAsync("Bob@"));
        Assert.Equal([ids[2]], await SearchAsync("\"Build\""));
        Assert.Empty(await SearchAsync("nobody"));
    }

    [Fact]
    public async Task GetJobs_search_matches_a_job_id_exactly()
    {
        var ids = await CreateAsync(Job(), Job(), Job());

        Assert.Equal([ids[1]], await SearchAsync(ids[1]));
    }

    [Fact]
    public async Task GetJobs_search_text_is_literal_not_a_pattern()
    {
        var ids = await CreateAsync(
            Job(invocation: """{"a":["100%_done"]}"""),
            Job(invocation: """{"a":["1000 done"]}"""),
            Job(invocation: """{"a":["a\\b [x] *"]}"""));

        Assert.Equal([ids[0]], await SearchAsync("100%_"));
        Assert.Equal([ids[0]], await SearchAsync("%_d"));
        Assert.Equal([ids[2]], await SearchAsync("\\b [x] *"));
        Assert.Empty(await SearchAsync("0_d"));
    }

    [Fact]
    public async Task GetJobs_search_combines_with_state_queue_and_paging()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await CreateAsync(Job(invocation: $$"""{"m":"Match","i":{{i}}}""")));
        await CreateAsync(Job(queue: "other", invocation: """{"m":"Match"}"""), Job(invocation: """{"m":"Other"}"""));

        var page = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 1, 2, "default") { Search = "match" });

        Assert.Equal([ids[3], ids[2]], page.Select(j => j.Id));
        Assert.Empty(await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Scheduled, 0, 10) { Search = "match" }));
    }

    [Fact]
    public async Task GetJobs_filters_by_exception_type()
    {
        var timeouts = new List<string>();
        foreach (var type in new[] { "System.TimeoutException", "System.IO.IOException", "System.TimeoutException" })
        {
            var run = await StartAsync();
            await CompleteAsync(run, new StateChange { State = JobState.Failed, Error = Error(type) });
            if (type == "System.TimeoutException") timeouts.Add(run.Id);
        }

        var page = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Failed, 0, 10) { ExceptionType = "System.TimeoutException" });

        Assert.Equal([timeouts[1], timeouts[0]], page.Select(j => j.Id));
    }

    [Fact]
    public async Task GetJobs_with_errors_only_lists_the_scheduled_jobs_waiting_to_retry()
    {
        await CreateScheduledAsync(Start.AddHours(1));
        var retrying = await StartAsync();
        await CompleteAsync(retrying, new StateChange { State = JobState.Scheduled, ScheduledAt = Start.AddMinutes(1), Error = Error("System.Exception") });

        var page = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Scheduled, 0, 10) { WithErrorOnly = true });

        Assert.Equal([retrying.Id], page.Select(j => j.Id));
        Assert.Equal("System.Exception", page[0].LastError?.Type);
    }

    [Fact]
    public async Task GetJobs_walks_by_key_below_BeforeId_with_every_filter()
    {
        var ids = await CreateAsync(Enumerable.Range(0, 5).Select(i => Job(invocation: $$"""{"m":"Match","i":{{i}}}""")).ToArray());
        await CreateAsync(Job(queue: "other", invocation: """{"m":"Match"}"""));

        foreach (var request in new[]
        {
            new JobListRequest(JobState.Enqueued, 0, 2),
            new JobListRequest(JobState.Enqueued, 0, 2, "default"),
            new JobListRequest(JobState.Enqueued, 0, 2) { Search = "match" },
            new JobListRequest(JobState.Enqueued, 0, 2, "default") { Search = "MATCH" },
        })
        {
            Assert.Equal([ids[2], ids[1]], (await Store.Queries.GetJobsAsync(request with { BeforeId = ids[3] })).Select(j => j.Id));
            Assert.Equal([ids[1], ids[0]], (await Store.Queries.GetJobsAsync(request with { BeforeId = ids[3], Offset = 1 })).Select(j => j.Id));
            Assert.Empty(await Store.Queries.GetJobsAsync(request with { BeforeId = ids[0] }));
            Assert.Empty(await Store.Queries.GetJobsAsync(request with { BeforeId = "not a job id" }));
        }
    }

    [Fact]
    public async Task GetJobs_walked_by_key_skips_no_job_when_others_leave_the_list_meanwhile()
    {
        var ids = await CreateAsync(Enumerable.Range(0, 6).Select(_ => Job()).ToArray());
        var first = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 2));
        var delete = StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1));
        Assert.True(await ChangeStateAsync(ids[5], delete, JobState.Enqueued));
        Assert.True(await ChangeStateAsync(ids[2], delete, JobState.Enqueued));

        var second = await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 2) { BeforeId = first[^1].Id });

        Assert.Equal([ids[5], ids[4]], first.Select(j => j.Id));
        Assert.Equal([ids[3], ids[1]], second.Select(j => j.Id));
    }

    [Fact]
    public async Task GetJobs_lists_every_retry_exactly_and_pages_them_by_key()
    {
        await CreateScheduledAsync(Start.AddHours(1));
        var retrying = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var run = await StartAsync();
            await CompleteAsync(run, new StateChange { State = JobState.Scheduled, ScheduledAt = Start.AddMinutes(1), Error = Error("System.Exception") });
            retrying.Add(run.Id);
        }
        // Leaving Scheduled takes a job out of the retries; coming back after a failure puts it in again.
        Assert.True(await ChangeStateAsync(retrying[1], StateChange.Enqueued(HistoryKind.RequeuedByUser), JobState.Scheduled));
        Assert.True(await ChangeStateAsync(retrying[3], StateChange.Deleted(HistoryKind.DeletedByUser, Now.AddDays(1)), JobState.Scheduled));
        var again = await FetchOneAsync(retrying[1]);
        await CompleteAsync(again, new StateChange { State = JobState.Scheduled, ScheduledAt = Start.AddMinutes(1), Error = Error("System.Exception") });
        var request = new JobListRequest(JobState.Scheduled, 0, 2) { WithErrorOnly = true };

        var first = await Store.Queries.GetJobsAsync(request);
        var second = await Store.Queries.GetJobsAsync(request with { BeforeId = first[^1].Id });

        Assert.Equal([retrying[4], retrying[2]], first.Select(j => j.Id));
        Assert.Equal([retrying[1], retrying[0]], second.Select(j => j.Id));
        Assert.Equal([retrying[2]], (await Store.Queries.GetJobsAsync(request with { Offset = 1, Count = 1 })).Select(j => j.Id));
    }

    private async Task<IReadOnlyList<string>> SearchAsync(string text) =>
        (await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = text })).Select(j => j.Id).ToArray();
}
