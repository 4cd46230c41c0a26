using System.Net;
using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>A batch pruned with its last job (DeleteExpiredJobs) is answered "not found", on its page and by its link.</summary>
public sealed class PrunedBatchTests
{
    [Fact]
    public async Task A_pruned_batch_is_a_404_page_and_a_link_to_it_no_longer_redirects()
    {
        await using var app = await DashboardApp.StartAsync();
        using var client = app.Client();
        var store = app.App.Services.GetRequiredService<IJobStore>();
        var created = await store.CreateBatchAsync(new CreateBatchRequest(new NewBatch
        {
            Description = "short-lived",
            Jobs = [new NewJob { Invocation = """{"job":"x"}""", Queue = "prune", State = JobState.Enqueued }],
        }));
        var run = Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("test-server", ["prune"], 1, TimeSpan.FromMinutes(1))));
        Assert.Equal(1, (await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(run.Id, run.LeaseToken,
            new StateChange { State = JobState.Succeeded, Kind = HistoryKind.Succeeded, ExpireAt = DateTimeOffset.UtcNow.AddSeconds(-1) })]))).Applied);
        var (before, page) = await client.GetAsync("/batch/" + created.BatchId);
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Contains("short-lived", page);

        Assert.Equal(1, await store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(100)));

        var (status, body) = await client.GetAsync("/batch/" + created.BatchId);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is no batch #" + created.BatchId, body);
        var (link, _) = await client.GetAsync("/job/" + created.BatchId);
        Assert.Equal(HttpStatusCode.NotFound, link);
    }
}
