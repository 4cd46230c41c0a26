using Ember.Dashboard.Actions;
using Ember.InMemory;
using Ember.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Dashboard.Tests.Actions;

/// <summary>"Requeue all"/"Delete all" walk their list by key and act page by page: what moves meanwhile is not skipped.</summary>
public sealed class BulkWalkTests
{
    [Fact]
    public async Task Jobs_moving_during_the_walk_are_not_skipped_and_each_page_is_one_store_call()
    {
        var store = new InMemoryJobStore();
        // A running job, older than the failed ones: it fails while the walk is under way, below the walk's position.
        var late = (await store.CreateJobsAsync(new CreateJobsRequest([NewJob()])))[0];
        var running = (await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 1, TimeSpan.FromMinutes(1))))[0];
        var failed = await store.CreateJobsAsync(new CreateJobsRequest(Enumerable.Range(0, 10).Select(_ => NewJob()).ToArray()));
        var runs = await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(1)));
        await store.CompleteJobsAsync(new CompleteJobsRequest(runs.Select(r => new JobCompletion(r.Id, r.LeaseToken, Fail())).ToArray()));

        var client = new InterceptingClient(new BackgroundJobClient(store));
        client.BeforeFirstBatch = async () =>
        {
            // Someone else deletes a job of the next page (every later one moves up a place), and the running job fails.
            Assert.True(await client.DeleteAsync(failed[5]));
            await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(running.Id, running.LeaseToken, Fail())]));
        };
        var actions = new JobActions(store.Queries, client, null!, new DashboardOptions { BulkBatchSize = 4 }, NullLogger.Instance);
        var operation = new BulkOperation("op", "Requeue all Failed jobs");

        await actions.RunAllAsync(JobActions.Kind.Requeue, new JobListRequest(JobState.Failed, 0, 0), operation, CancellationToken.None);

        Assert.Equal(0, (await store.Queries.GetStatisticsAsync()).Counts[JobState.Failed]);
        foreach (var id in failed.Where(id => id != failed[5]).Append(late))
            Assert.Equal(JobState.Enqueued, (await store.Queries.GetJobAsync(id))!.Job.State);
        Assert.Equal((10L, 10L, 0L), (operation.Collected, operation.Done, operation.Missed));
        Assert.Equal([4, 4, 2], client.Batches);
    }

    private static NewJob NewJob() => new() { Invocation = "{}", Queue = "default", State = JobState.Enqueued };

    private static StateChange Fail() => StateChange.Failed(HistoryKind.Failed, new JobError("System.Exception", "boom", "at Somewhere()"), "boom", DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>The real client, recording each batch and letting a test move jobs just before the first one.</summary>
    private sealed class InterceptingClient(IBackgroundJobClient inner) : IBackgroundJobClient
    {
        public Func<Task>? BeforeFirstBatch { get; set; }

        public List<int> Batches { get; } = [];

        public Task<IReadOnlyList<string>> CreateAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default) => inner.CreateAsync(jobs, cancellationToken);
        public Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken = default) => inner.RequeueAsync(jobId, cancellationToken);
        public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default) => inner.DeleteAsync(jobId, cancellationToken);
        public Task<bool> ChangeStateAsync(string jobId, States.IState state, string? expectedState = null, CancellationToken cancellationToken = default) => inner.ChangeStateAsync(jobId, state, expectedState, cancellationToken);

        public async Task<int> RequeueManyAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken = default)
        {
            var ids = jobIds.ToArray();
            if (Batches.Count == 0 && BeforeFirstBatch is { } before) await before();
            Batches.Add(ids.Length);
            return await inner.RequeueManyAsync(ids, cancellationToken);
        }
    }
}
