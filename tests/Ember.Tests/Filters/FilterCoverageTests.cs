using System.Collections.Concurrent;
using Ember.InMemory;
using Ember.Invocations;
using Ember.Recurring;
using Ember.Storage;
using Ember.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Filters;

/// <summary>Filters see what Hangfire's see: jobs of recurring schedules and continuations, and the Processing transition.</summary>
public class FilterCoverageTests
{
    [Fact]
    public async Task Client_filters_run_for_the_jobs_a_recurring_schedule_creates()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryJobStore(time);
        var options = new EmberOptions();
        var seen = new ConcurrentQueue<string>();
        options.Filters.Add(new DelegateFilter
        {
            Creating = c =>
            {
                c.SetJobParameter("tenant", "acme");
                c.Queue = "stamped";
                seen.Enqueue("creating");
            },
            Applied = c => seen.Enqueue("applied:" + c.NewState.State),
        });
        new RecurringJobManager(store, options, time).AddOrUpdate("every-minute", () => TestJobs.Record("recurring"), Cron.Minutely());
        var scheduler = new RecurringScheduler(store, new InvocationBinder(options.SerializerOptions), time, NullLogger.Instance, options);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await scheduler.FireDueAsync(CancellationToken.None));

        var jobId = (await store.Queries.GetRecurringJobAsync("every-minute"))!.LastJobId!;
        var job = (await store.Queries.GetJobAsync(jobId))!.Job;
        Assert.Equal("stamped", job.Queue);
        Assert.Equal("\"acme\"", job.Parameters["tenant"]);
        Assert.Equal(["creating", "applied:Enqueued"], seen);
    }

    [Fact]
    public async Task A_client_filter_that_throws_leaves_the_occurrence_due_and_the_other_recurring_jobs_fire()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryJobStore(time);
        var options = new EmberOptions();
        var refuse = true;
        options.Filters.Add(new DelegateFilter { Creating = c => { if (refuse && (string)c.Job.Arguments[0]! == "refused") throw new InvalidOperationException("tenant unknown"); } });
        var manager = new RecurringJobManager(store, options, time);
        manager.AddOrUpdate("refused", () => TestJobs.Record("refused"), Cron.Minutely());
        manager.AddOrUpdate("fine", () => TestJobs.Record("fine"), Cron.Minutely());
        var scheduler = new RecurringScheduler(store, new InvocationBinder(options.SerializerOptions), time, NullLogger.Instance, options);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await scheduler.FireDueAsync(CancellationToken.None));
        Assert.Null((await store.Queries.GetRecurringJobAsync("refused"))!.LastJobId);

        refuse = false;
        Assert.Equal(1, await scheduler.FireDueAsync(CancellationToken.None));
        Assert.NotNull((await store.Queries.GetRecurringJobAsync("refused"))!.LastJobId);
    }

    [Fact]
    public async Task Client_filters_run_for_continuations_and_see_the_parent()
    {
        var store = new InMemoryJobStore();
        var options = new EmberOptions();
        var parents = new ConcurrentQueue<string?>();
        options.Filters.Add(new DelegateFilter { Creating = c => parents.Enqueue(c.ParentId) });
        var client = new BackgroundJobClient(store, options);

        var parent = await client.EnqueueAsync(() => TestJobs.Record("parent"));
        await client.ContinueJobWithAsync(parent, () => TestJobs.Record("child"));

        Assert.Equal([null, parent], parents);
    }

    [Fact]
    public async Task Elect_and_apply_state_filters_see_Processing_before_the_method_runs()
    {
        var key = Signals.NewKey();
        var states = new ConcurrentQueue<string>();
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter
        {
            Electing = c => states.Enqueue("elect:" + c.CandidateState.State),
            Applied = c => states.Enqueue("applied:" + c.NewState.State),
            Performing = _ => states.Enqueue("performing"),
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var id = await harness.Client.EnqueueAsync(() => TestJobs.Record(key));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        await Eventually.ReturnsAsync(() => Task.FromResult(states.Count), n => n == 7);
        // The client runs apply-state filters for Enqueued once the store call has returned, when a server may already
        // have claimed the job: that entry comes anywhere after the election; the server's own entries keep their order.
        var seen = states.ToList();
        Assert.Equal("elect:Enqueued", seen[0]);
        Assert.Contains("applied:Enqueued", seen);
        Assert.Equal(["elect:Processing", "applied:Processing", "performing", "elect:Succeeded", "applied:Succeeded"], seen.Where(s => !s.EndsWith(":Enqueued", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_elect_state_filter_may_delete_a_job_instead_of_processing_it()
    {
        var key = Signals.NewKey();
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter
        {
            Electing = c =>
            {
                if (c.CandidateState.State == JobState.Processing) c.CandidateState = new StateChange { State = JobState.Deleted, Reason = "outside business hours" };
            },
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var id = await harness.Client.EnqueueAsync(() => TestJobs.Record(key));

        var job = await harness.WaitForStateAsync(id, JobState.Deleted);
        Assert.Equal(0, Signals.Count(key));
        Assert.NotNull(job.ExpireAt);
        var entry = (await harness.DetailsAsync(id)).History[^1];
        Assert.Equal((HistoryKind.ChosenByFilter, "outside business hours"), (entry.Kind, entry.Reason));
    }

    [Fact]
    public async Task An_elect_state_filter_choosing_an_impossible_state_for_Processing_fails_the_job_saying_so()
    {
        var key = Signals.NewKey();
        var options = new EmberOptions();
        options.Filters.Add(new DelegateFilter
        {
            Electing = c =>
            {
                if (c.CandidateState.State == JobState.Processing) c.CandidateState = new StateChange { State = JobState.Awaiting };
            },
        });
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);

        var id = await harness.Client.EnqueueAsync(() => TestJobs.Record(key));

        var job = await harness.WaitForStateAsync(id, JobState.Failed);
        Assert.Equal(0, Signals.Count(key));
        Assert.Contains("chose Awaiting instead of Processing", job.LastError!.Message, StringComparison.Ordinal);
    }
}
