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

    private async Task<IReadOnlyList<string>> SearchAsync(string text) =>
        (await Store.Queries.GetJobsAsync(new JobListRequest(JobState.Enqueued, 0, 10) { Search = text })).Select(j => j.Id).ToArray();
}
