using Ember.Invocations;
using Ember.Storage;
using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Tests.Support;

namespace Ember.Tests.Filters;

public class FilterTests
{
    [Fact]
    public async Task Filters_run_global_then_class_then_method_and_after_callbacks_in_reverse()
    {
        var key = Signals.NewKey();
        var options = new EmberOptions();
        options.Filters.Add(new RecordingFilter(key, "global"));
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var id = harness.Client.Enqueue(() => FilteredJobs.Run(key));
        await harness.WaitForStateAsync(id, JobState.Succeeded);

        // Elect-state and apply-state filters see the three transitions, as Hangfire's do: creation, Processing, the outcome.
        Assert.Equal(
            ["creating:global", "creating:class", "creating:method", "elect:global", "elect:class", "elect:method",
             "created:method", "created:class", "created:global", "applied:global", "applied:class", "applied:method",
             "elect:global", "elect:class", "elect:method", "applied:global", "applied:class", "applied:method",
             "performing:global", "performing:class", "performing:method", "run",
             "performed:method", "performed:class", "performed:global", "elect:global", "elect:class", "elect:method"],
            (await Eventually.ReturnsAsync(() => Task.FromResult(RecordingFilter.Log(key)), l => l.Count(e => e.StartsWith("applied", StringComparison.Ordinal)) == 9)).Take(28));
        Assert.Equal(["applied:global", "applied:class", "applied:method"], RecordingFilter.Log(key).Skip(28));
    }

    [Fact]
    public async Task A_client_filter_can_change_the_queue_and_refuse_a_job()
    {
        var store = new InMemoryJobStore();
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter { Creating = c => c.Queue = c.Job.Method.Name == nameof(TestJobs.Record) ? "rerouted" : throw new InvalidOperationException("refused by policy") });
        var client = new BackgroundJobClient(store, options);

        var id = client.Enqueue(() => TestJobs.Record("k"));
        var error = Assert.Throws<InvalidOperationException>(() => client.Enqueue(() => TestJobs.RecordAsync("k")));

        Assert.Equal("rerouted", (await store.Queries.GetJobAsync(id))!.Job.Queue);
        Assert.Equal("refused by policy", error.Message);
        Assert.Equal(1, (await store.Queries.GetStateCountsAsync()).Values.Sum());
    }

    [Fact]
    public async Task A_server_filter_can_reschedule_or_delete_instead_of_running()
    {
        var key = Signals.NewKey();
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter
        {
            Performing = c =>
            {
                if (c.Job.Arguments[0] as string == key + ":delete") c.Delete("not today");
                else if (c.Attempt == 1) c.Reschedule(TimeSpan.Zero, "try again");
            },
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var rescheduled = harness.Client.Enqueue(() => TestJobs.Record(key));
        var deleted = harness.Client.Enqueue(() => TestJobs.Record(key + ":delete"));

        await harness.WaitForStateAsync(rescheduled, JobState.Succeeded);
        await harness.WaitForStateAsync(deleted, JobState.Deleted);
        Assert.Equal(1, Signals.Count(key));
        Assert.Equal(0, Signals.Count(key + ":delete"));
        Assert.Contains((await harness.DetailsAsync(rescheduled)).History, h => h.State == JobState.Scheduled && h.Reason == "try again");
    }

    [Fact]
    public async Task A_server_filter_can_handle_the_exception_and_an_elect_filter_can_change_the_outcome()
    {
        var options = new EmberOptions { Retry = new RetryOptions { Attempts = 0 } };
        options.Filters.Add(new DelegateFilter
        {
            Performed = c => c.ExceptionHandled = c.Exception?.Message == "Always fails" && c.Performing.Job.Arguments[0] as string == "handled",
            Electing = c =>
            {
                if (c.CandidateState.State == JobState.Failed) c.CandidateState = c.CandidateState with { State = JobState.Deleted, Reason = "failures are deleted here" };
            },
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var handled = harness.Client.Enqueue(() => TestJobs.FailAlways("handled"));
        var deleted = harness.Client.Enqueue(() => TestJobs.FailAlways(Signals.NewKey()));

        await harness.WaitForStateAsync(handled, JobState.Succeeded);
        var job = await harness.WaitForStateAsync(deleted, JobState.Deleted);
        Assert.NotNull(job.ExpireAt);
        Assert.Equal("failures are deleted here", (await harness.DetailsAsync(deleted)).History[^1].Reason);
    }

    [Fact]
    public async Task A_throwing_server_filter_fails_the_job_with_its_exception_and_the_server_goes_on()
    {
        var options = new EmberOptions { Retry = new RetryOptions { Attempts = 0 } };
        options.Filters.Add(new DelegateFilter { Performing = c => { if (c.Job.Arguments[0] as string == "boom") throw new InvalidOperationException("filter broke"); } });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var broken = harness.Client.Enqueue(() => TestJobs.Record("boom"));
        var fine = harness.Client.Enqueue(() => TestJobs.Record(Signals.NewKey()));

        Assert.Equal("filter broke", (await harness.WaitForStateAsync(broken, JobState.Failed)).LastError!.Message);
        await harness.WaitForStateAsync(fine, JobState.Succeeded);
    }

    [Fact]
    public async Task A_server_exception_filter_sees_what_the_method_or_a_server_filter_threw_and_may_handle_it()
    {
        var key = Signals.NewKey();
        var options = new EmberOptions { Retry = new RetryOptions { Attempts = 0 } };
        options.Filters.Add(new DelegateFilter { Performing = c => { if (c.Job.Arguments[0] as string == key + ":filter") throw new InvalidOperationException("filter broke"); } });
        options.Filters.Add(new ExceptionFilter(c =>
        {
            Signals.Hit($"{key}:seen:{c.Exception.Message}");
            c.ExceptionHandled = c.Performing.Job.Arguments[0] as string != key + ":unhandled";
        }));
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var handled = harness.Client.Enqueue(() => TestJobs.FailAlways(key + ":handled"));
        var unhandled = harness.Client.Enqueue(() => TestJobs.FailAlways(key + ":unhandled"));
        var filterThrew = harness.Client.Enqueue(() => TestJobs.Record(key + ":filter"));
        var fine = harness.Client.Enqueue(() => TestJobs.Record(key));

        await harness.WaitForStateAsync(handled, JobState.Succeeded);
        Assert.Equal("Always fails", (await harness.WaitForStateAsync(unhandled, JobState.Failed)).LastError!.Message);
        await harness.WaitForStateAsync(filterThrew, JobState.Succeeded);
        await harness.WaitForStateAsync(fine, JobState.Succeeded);
        Assert.Equal(2, Signals.Count($"{key}:seen:Always fails"));
        Assert.Equal(1, Signals.Count($"{key}:seen:filter broke"));
        Assert.Equal(0, Signals.Count(key + ":filter"));
    }

    private sealed class ExceptionFilter(Action<ServerExceptionContext> onException) : IServerExceptionFilter
    {
        public ValueTask OnServerExceptionAsync(ServerExceptionContext context) { onException(context); return default; }
    }

    [Fact]
    public async Task A_throwing_elect_filter_fails_the_job_and_a_throwing_apply_filter_changes_nothing()
    {
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter
        {
            Electing = c => { if (c.JobId is not null && c.Job.Arguments[0] as string == "elect") throw new InvalidOperationException("elect broke"); },
            Applied = _ => throw new InvalidOperationException("apply broke"),
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var elect = harness.Client.Enqueue(() => TestJobs.Record("elect"));
        var other = harness.Client.Enqueue(() => TestJobs.Record(Signals.NewKey()));

        Assert.Contains("elect broke", (await harness.WaitForStateAsync(elect, JobState.Failed)).LastError!.Message, StringComparison.Ordinal);
        await harness.WaitForStateAsync(other, JobState.Succeeded);
    }

    [Fact]
    public async Task Queue_attribute_picks_the_queue_unless_one_is_given()
    {
        var store = new InMemoryJobStore();
        var client = new BackgroundJobClient(store);

        var byAttribute = client.Enqueue(() => FilteredJobs.Critical());
        var explicitQueue = client.Enqueue("other", () => FilteredJobs.Critical());

        Assert.Equal("critical", (await store.Queries.GetJobAsync(byAttribute))!.Job.Queue);
        Assert.Equal("other", (await store.Queries.GetJobAsync(explicitQueue))!.Job.Queue);
        Assert.Throws<ArgumentException>(() => new QueueAttribute("Not Valid"));
    }

    [Fact]
    public async Task Disable_concurrent_execution_runs_one_at_a_time_without_blocking_workers()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var key = Signals.NewKey();

        var ids = Enumerable.Range(0, 4).Select(_ => harness.Client.Enqueue(() => FilteredJobs.OneAtATimeAsync(key))).ToList();

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(20));
        Assert.Equal(1, FilteredJobs.MaxConcurrency(key));
        // The jobs carry a limit of 1 on the method's key: the fetch holds the others back, so none is claimed just to
        // be rescheduled by the run-time mutex.
        Assert.DoesNotContain(ids, id => harness.DetailsAsync(id).Result.History.Any(h => h.Reason?.Contains("[DisableConcurrentExecution]", StringComparison.Ordinal) == true));
        Assert.All(ids, id => Assert.Equal(1, harness.DetailsAsync(id).Result.Job.Attempt));
    }

    [Fact]
    public async Task Disable_concurrent_execution_still_holds_for_jobs_created_before_the_limit_existed()
    {
        var store = new InMemoryJobStore();
        var key = Signals.NewKey();
        // Old jobs: stored as an earlier version created them, with no concurrency key; the run-time mutex keeps them
        // (and the new jobs beside them) one at a time.
        var invocation = Invocation.Serialize(Job.FromExpression(() => FilteredJobs.OneAtATimeAsync(key)), new EmberOptions().SerializerOptions);
        var old = await store.CreateJobsAsync(new CreateJobsRequest(
            Enumerable.Range(0, 3).Select(_ => new NewJob { Invocation = invocation, Queue = "default", State = JobState.Enqueued }).ToArray()));
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4, store);
        var ids = old.Concat(Enumerable.Range(0, 2).Select(_ => harness.Client.Enqueue(() => FilteredJobs.OneAtATimeAsync(key)))).ToList();

        foreach (var id in ids) await harness.WaitForStateAsync(id, JobState.Succeeded, TimeSpan.FromSeconds(20));
        Assert.Equal(1, FilteredJobs.MaxConcurrency(key));
    }
}

[RecordingFilter("class")]
public static class FilteredJobs
{
    private static readonly ConcurrentDictionary<string, (int Current, int Max)> Concurrency = new();

    [RecordingFilter("method")]
    public static void Run(string key) => RecordingFilter.Add(key, "run");

    [Queue("critical")]
    public static void Critical() { }

    [DisableConcurrentExecution(RescheduleDelayInSeconds = 0)]
    public static async Task OneAtATimeAsync(string key)
    {
        var now = Concurrency.AddOrUpdate(key, (1, 1), (_, v) => (v.Current + 1, Math.Max(v.Max, v.Current + 1)));
        await Task.Delay(100);
        Concurrency.AddOrUpdate(key, (0, now.Max), (_, v) => (v.Current - 1, v.Max));
    }

    public static int MaxConcurrency(string key) => Concurrency[key].Max;
}

/// <summary>Records each callback, under the key the job (or test) passes as its first argument.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RecordingFilter(string name) : JobFilterAttribute, IClientFilter, IServerFilter, IElectStateFilter, IApplyStateFilter
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Entries = new();

    public RecordingFilter(string key, string name) : this(name) => FixedKey = key;

    private string? FixedKey { get; }

    public static IReadOnlyList<string> Log(string key) => [.. Entries.GetOrAdd(key, _ => new())];

    public static void Add(string key, string entry) => Entries.GetOrAdd(key, _ => new()).Enqueue(entry);

    public ValueTask OnCreatingAsync(CreatingContext context) => Record(context.Job, "creating");
    public ValueTask OnCreatedAsync(CreatedContext context) => Record(context.Job, "created");
    public ValueTask OnPerformingAsync(PerformingContext context) => Record(context.Job, "performing");
    public ValueTask OnPerformedAsync(PerformedContext context) => Record(context.Performing.Job, "performed");
    public ValueTask OnStateElectionAsync(ElectStateContext context) => Record(context.Job, "elect");
    public ValueTask OnStateAppliedAsync(ApplyStateContext context) => Record(context.Job, "applied");

    private ValueTask Record(Job job, string callback)
    {
        if (job.Arguments.Count > 0 && job.Arguments[0] is string key && (FixedKey is null || FixedKey == key)) Add(key, $"{callback}:{name}");
        return ValueTask.CompletedTask;
    }
}

/// <summary>A filter made of delegates, for tests that need one behaviour.</summary>
public sealed class DelegateFilter : IClientFilter, IServerFilter, IElectStateFilter, IApplyStateFilter
{
    public Action<CreatingContext>? Creating { get; init; }
    public Action<PerformingContext>? Performing { get; init; }
    public Action<PerformedContext>? Performed { get; init; }
    public Action<ElectStateContext>? Electing { get; init; }
    public Action<ApplyStateContext>? Applied { get; init; }

    public ValueTask OnCreatingAsync(CreatingContext context) { Creating?.Invoke(context); return default; }
    public ValueTask OnCreatedAsync(CreatedContext context) => default;
    public ValueTask OnPerformingAsync(PerformingContext context) { Performing?.Invoke(context); return default; }
    public ValueTask OnPerformedAsync(PerformedContext context) { Performed?.Invoke(context); return default; }
    public ValueTask OnStateElectionAsync(ElectStateContext context) { Electing?.Invoke(context); return default; }
    public ValueTask OnStateAppliedAsync(ApplyStateContext context) { Applied?.Invoke(context); return default; }
}
