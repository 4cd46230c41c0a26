using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Storage.Conformance;

/// <summary>
/// The store conformance suite: every <see cref="IJobStore"/> passes it. A store's test project subclasses this class
/// once and says how to build the store; the tests live in the partial files next to this one, one topic per file.
/// Each test gets a fresh store and a <see cref="FakeTimeProvider"/> that only moves when the test moves it.
/// </summary>
public abstract partial class JobStoreConformanceTests : IAsyncLifetime
{
    /// <summary>Where the fake clock starts: whole seconds, so that every backend stores it exactly.</summary>
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The lease length the tests fetch with.</summary>
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>The server the tests fetch for.</summary>
    protected const string ServerId = "server-1";

    /// <summary>Ids that name no job: well-formed but unused, negative, out of range for 64 bits, and not a number.</summary>
    protected static readonly string[] UnknownIds = ["999999999", "-1", "99999999999999999999999", "not a job id", ""];

    private IJobStore? _store;

    /// <summary>The clock the store reads "now" from.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The store under test, fresh for each test.</summary>
    protected IJobStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>What "now" is for the store.</summary>
    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// Orders job ids as the store creates them. The contract says ids increase in creation order; the default reads
    /// them as decimal numbers or fixed-width strings (shorter first, then ordinal). Override for another id scheme.
    /// </summary>
    protected virtual IComparer<string> JobIdComparer { get; } = Comparer<string>.Create(
        (x, y) => x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y));

    /// <summary>Builds an empty store that reads "now" only from <paramref name="time"/>.</summary>
    protected abstract Task<IJobStore> CreateStoreAsync(FakeTimeProvider time);

    /// <summary>Releases the store after a test; by default disposes it when it is disposable.</summary>
    protected virtual async Task DisposeStoreAsync(IJobStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
            case IDisposable disposable: disposable.Dispose(); break;
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync(Time);
        await _store.InitializeAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_store is not null) await DisposeStoreAsync(_store);
    }

    // ---- Helpers shared by the topic files ----

    /// <summary>A job to create; the invocation defaults to one naming the queue and state.</summary>
    protected static NewJob Job(JobState state = JobState.Enqueued, string queue = "default", DateTimeOffset? scheduledAt = null, string? reason = null, string? invocation = null) =>
        new() { State = state, Queue = queue, ScheduledAt = scheduledAt, Reason = reason, Invocation = invocation ?? $$"""{"job":"{{queue}}/{{state}}"}""" };

    /// <summary>A continuation of <paramref name="parentId"/>: an Awaiting job naming its parent.</summary>
    protected static NewJob Continuation(
        string parentId, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, string queue = "default",
        DateTimeOffset? expireAtIfDeleted = null, string? invocation = null) =>
        Job(JobState.Awaiting, queue, invocation: invocation) with { ParentId = parentId, ContinuationOptions = options, ExpireAtIfDeleted = expireAtIfDeleted };

    protected async Task<IReadOnlyList<string>> CreateAsync(params NewJob[] jobs) =>
        await Store.CreateJobsAsync(new CreateJobsRequest(jobs));

    protected async Task<string> CreateAsync(NewJob job) => (await CreateAsync([job])).Single();

    protected Task<string> CreateEnqueuedAsync(string queue = "default") => CreateAsync(Job(JobState.Enqueued, queue));

    protected Task<string> CreateScheduledAsync(DateTimeOffset at, string queue = "default") => CreateAsync(Job(JobState.Scheduled, queue, at));

    protected Task<IReadOnlyList<FetchedJob>> FetchAsync(int count, params string[] queues) =>
        Store.FetchJobsAsync(new FetchJobsRequest(ServerId, queues, count, Lease));

    protected Task<IReadOnlyList<FetchedJob>> FetchAsync(int count = 100) => FetchAsync(count, "default");

    /// <summary>Fetches the one Enqueued job of a queue and checks it is <paramref name="expectedId"/>.</summary>
    protected async Task<FetchedJob> FetchOneAsync(string expectedId, string queue = "default")
    {
        var fetched = Assert.Single(await FetchAsync(1, queue));
        Assert.Equal(expectedId, fetched.Id);
        return fetched;
    }

    /// <summary>Creates a job and fetches it: the job is Processing under the returned lease.</summary>
    protected async Task<FetchedJob> StartAsync(string queue = "default") => await FetchOneAsync(await CreateEnqueuedAsync(queue), queue);

    /// <summary>Completes runs; returns how many were applied.</summary>
    protected async Task<int> CompleteAsync(params JobCompletion[] completions) =>
        (await Store.CompleteJobsAsync(new CompleteJobsRequest(completions))).Applied;

    /// <summary>Completes runs; returns what became of each.</summary>
    protected async Task<IReadOnlyList<CompletionResult>> CompleteForResultsAsync(params JobCompletion[] completions) =>
        (await Store.CompleteJobsAsync(new CompleteJobsRequest(completions))).Results;

    protected Task<int> CompleteAsync(FetchedJob run, StateChange change) => CompleteAsync(new JobCompletion(run.Id, run.LeaseToken, change));

    protected Task<bool> ChangeStateAsync(string jobId, StateChange change, params JobState[] expectedStates) =>
        Store.ChangeStateAsync(new ChangeStateRequest(jobId, change, expectedStates));

    /// <summary>A user's requeue of a job in <paramref name="from"/>: to Enqueued, no expiry.</summary>
    protected Task<bool> RequeueAsync(string jobId, JobState from) =>
        ChangeStateAsync(jobId, StateChange.Enqueued(HistoryKind.RequeuedByUser), from);

    /// <summary>Extends leases; returns the ids of the jobs whose lease was lost.</summary>
    protected async Task<IReadOnlyList<string>> ExtendAsync(TimeSpan leaseDuration, params HeldLease[] leases) =>
        (await Store.ExtendLeasesAsync(new ExtendLeasesRequest(ServerId, leases, leaseDuration))).Select(lease => lease.JobId).ToArray();

    protected static HeldLease Held(FetchedJob run) => new(run.Id, run.LeaseToken);

    protected Task<int> RescueAsync(int maxCount = 100) => Store.RescueExpiredLeasesAsync(new RescueExpiredLeasesRequest(maxCount));

    protected Task<int> EnqueueDueAsync(int maxCount = 100) => Store.EnqueueDueScheduledAsync(new EnqueueDueScheduledRequest(maxCount));

    protected Task<int> DeleteExpiredAsync(int maxCount = 100) => Store.DeleteExpiredJobsAsync(new DeleteExpiredJobsRequest(maxCount));

    /// <summary>The job with its history; fails the test when it does not exist.</summary>
    protected async Task<JobDetails> GetAsync(string jobId)
    {
        var details = await Store.Queries.GetJobAsync(jobId);
        Assert.NotNull(details);
        return details;
    }

    /// <summary>How many jobs are in <paramref name="state"/>.</summary>
    protected async Task<long> CountAsync(JobState state) => (await Store.Queries.GetStateCountsAsync())[state];

    /// <summary>How many jobs the store holds, in any state.</summary>
    protected async Task<long> CountAllAsync() => (await Store.Queries.GetStateCountsAsync()).Values.Sum();

    protected async Task<JobInfo> GetInfoAsync(string jobId) => (await GetAsync(jobId)).Job;

    protected async Task<JobState> GetStateAsync(string jobId) => (await GetInfoAsync(jobId)).State;

    protected async Task<StateHistoryEntry> GetLastHistoryAsync(string jobId) => (await GetAsync(jobId)).History[^1];

    /// <summary>Ids in creation order, whatever order the store returned them in.</summary>
    protected IReadOnlyList<string> Sorted(IEnumerable<string> ids) => ids.Order(JobIdComparer).ToArray();

    protected IReadOnlyList<string> Ids(IEnumerable<FetchedJob> jobs) => Sorted(jobs.Select(j => j.Id));

    protected void Advance(TimeSpan by) => Time.Advance(by);

    protected void Advance(int seconds) => Time.Advance(TimeSpan.FromSeconds(seconds));
}
