using Xunit;

namespace Ember.Storage.Conformance;

// What a job reports about itself: its result, parameters, progress and log (UpdateJobDataAsync, StateChange.Result).
public abstract partial class JobStoreConformanceTests
{
    [Fact]
    public async Task A_result_is_kept_with_the_succeeded_job_and_stays_through_later_changes()
    {
        var run = await StartAsync();
        const string result = """{"total":42,"name":"ünïcode «ok»"}""";

        Assert.Equal(1, await CompleteAsync(run, StateChange.Succeeded(Now.AddDays(1), result)));

        Assert.Equal(result, (await GetInfoAsync(run.Id)).Result);
        Assert.True(await RequeueAsync(run.Id, JobState.Succeeded));
        Assert.Equal(result, (await GetInfoAsync(run.Id)).Result);
    }

    [Fact]
    public async Task A_job_without_a_result_has_none()
    {
        var run = await StartAsync();
        Assert.Equal(1, await CompleteAsync(run, StateChange.Succeeded(Now.AddDays(1))));
        Assert.Null((await GetInfoAsync(run.Id)).Result);
        Assert.Empty((await GetInfoAsync(run.Id)).Parameters);
        Assert.Null((await GetInfoAsync(run.Id)).Progress);
        Assert.Empty((await GetAsync(run.Id)).Log);
    }

    [Fact]
    public async Task Parameters_given_at_creation_are_kept_and_updates_merge_into_them()
    {
        var id = await CreateAsync(Job() with { Parameters = new Dictionary<string, string> { ["tenant"] = "\"acme\"", ["culture"] = "\"fr-FR\"" } });
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "\"acme\"", ["culture"] = "\"fr-FR\"" }, (await GetInfoAsync(id)).Parameters);

        Assert.True(await Store.UpdateJobDataAsync(new UpdateJobDataRequest(id)
        {
            Parameters = new Dictionary<string, string?> { ["culture"] = null, ["checkpoint"] = """{"page":3,"note":null}""" },
        }));

        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "\"acme\"", ["checkpoint"] = """{"page":3,"note":null}""" }, (await GetInfoAsync(id)).Parameters);
    }

    [Fact]
    public async Task Parameters_of_a_job_in_a_batch_of_several_stay_with_that_job()
    {
        var ids = await CreateAsync(Job(), Job() with { Parameters = new Dictionary<string, string> { ["n"] = "2" } }, Job());
        Assert.Empty((await GetInfoAsync(ids[0])).Parameters);
        Assert.Equal("2", (await GetInfoAsync(ids[1])).Parameters["n"]);
        Assert.Empty((await GetInfoAsync(ids[2])).Parameters);
    }

    [Fact]
    public async Task Progress_and_log_lines_are_kept_in_order_and_the_log_keeps_its_newest_lines()
    {
        var run = await StartAsync();
        var lines = Enumerable.Range(1, 5).Select(i => new JobLogLine(Start.AddSeconds(i), $"line {i} «ü»")).ToArray();

        Assert.True(await Store.UpdateJobDataAsync(new UpdateJobDataRequest(run.Id) { LeaseToken = run.LeaseToken, Progress = 40, LogLines = lines[..3], MaxLogLines = 4 }));
        Assert.True(await Store.UpdateJobDataAsync(new UpdateJobDataRequest(run.Id) { LeaseToken = run.LeaseToken, LogLines = lines[3..], MaxLogLines = 4 }));

        var details = await GetAsync(run.Id);
        Assert.Equal(40, details.Job.Progress);
        Assert.Equal(lines[1..], details.Log);
    }

    [Fact]
    public async Task An_update_under_a_lost_lease_writes_nothing_and_one_for_an_unknown_job_is_refused()
    {
        var run = await StartAsync();
        Assert.True(await RequeueAsync(run.Id, JobState.Processing));

        Assert.False(await Store.UpdateJobDataAsync(new UpdateJobDataRequest(run.Id)
        {
            LeaseToken = run.LeaseToken, Progress = 10, LogLines = [new JobLogLine(Now, "late")], Parameters = new Dictionary<string, string?> { ["p"] = "1" },
        }));

        var details = await GetAsync(run.Id);
        Assert.Null(details.Job.Progress);
        Assert.Empty(details.Log);
        Assert.Empty(details.Job.Parameters);
        foreach (var unknown in UnknownIds)
            Assert.False(await Store.UpdateJobDataAsync(new UpdateJobDataRequest(unknown) { Progress = 1 }));
    }

    [Fact]
    public async Task A_job_log_goes_when_its_job_expires()
    {
        var run = await StartAsync();
        Assert.True(await Store.UpdateJobDataAsync(new UpdateJobDataRequest(run.Id) { LeaseToken = run.LeaseToken, LogLines = [new JobLogLine(Now, "bye")] }));
        Assert.Equal(1, await CompleteAsync(run, StateChange.Succeeded(Now.AddMinutes(1), "1")));
        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await DeleteExpiredAsync());

        Assert.Null(await Store.Queries.GetJobAsync(run.Id));
        // A new job never sees the old one's log, whatever id it gets.
        var next = await CreateEnqueuedAsync();
        Assert.Empty((await GetAsync(next)).Log);
    }
}
