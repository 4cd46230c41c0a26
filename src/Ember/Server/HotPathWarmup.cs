using System.Diagnostics.CodeAnalysis;
using Ember.Filters;
using Ember.InMemory;
using Ember.Invocations;
using Ember.Retry;
using Ember.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Server;

/// <summary>
/// Compiles the code every job goes through before the first job needs it: without this the first job after a start
/// waits for the JIT compiler (tens to hundreds of milliseconds: expression parsing, JSON metadata, reflection
/// binding, the run's async steps) where every later job waits a millisecond. A job of Ember's own is enqueued as a
/// client would and run as the server would, on a private in-memory store, with no filters and no logger, so a user
/// sees nothing of it. Metrics and traces are not private, so while something listens to them only the steps that
/// record none are warmed (the job is bound and its method called, without client or runner). Then a store that can
/// (<see cref="IJobStoreWarmUp"/>) goes through its creation and fetch paths for the same job without a trace.
/// </summary>
internal static class HotPathWarmup
{
    private const string ServerId = "ember-warm-up";

    public static async Task RunAsync(InvocationBinder binder, EmberOptions userOptions, TimeProvider time, IJobStore store)
    {
        var options = new EmberOptions { SerializerOptions = userOptions.SerializerOptions, CaptureCulture = userOptions.CaptureCulture, Retry = userOptions.Retry };
        if (Observed()) await PerformAsync(binder, options).ConfigureAwait(false);
        else await RunJobAsync(binder, options, time).ConfigureAwait(false);
        // The store's own paths (its statements, scripts and their JIT), which no private store can reach.
        if (store.GetCapability<IJobStoreWarmUp>() is { } warmUp)
        {
            var sample = new NewJob { Invocation = Invocation.Serialize(NoOpJob(), options.SerializerOptions, options.CaptureCulture), Queue = userOptions.DefaultQueue, State = JobState.Enqueued };
            await warmUp.WarmUpAsync(new CreateJobsRequest([sample])).ConfigureAwait(false);
        }
    }

    private static bool Observed() =>
        EmberDiagnostics.ActivitySource.HasListeners() || JobMetrics.Enqueued.Enabled || JobMetrics.Started.Enabled
        || JobMetrics.Processed.Enabled || JobMetrics.Duration.Enabled || JobMetrics.Wait.Enabled;

    private static async Task RunJobAsync(InvocationBinder binder, EmberOptions options, TimeProvider time)
    {
        var store = new InMemoryJobStore(time);
        var captured = time.GetTimestamp(); // arguments are read from a closure as often as they are constants
        await new BackgroundJobClient(store, options).EnqueueAsync(() => NoOpAsync("warm-up", captured, Guid.Empty, DateTimeOffset.UnixEpoch)).ConfigureAwait(false);
        var server = new ServerContext(ServerId, ServerId, new ServerOptions(), time, NullLogger.Instance);
        var runner = new JobRunner(binder, new JobActivator(), new RetryPolicy(options.Retry, options.JobExpiration), options, store, server, new ApplyStateFilterRunner(server));
        var lease = server.Options.LeaseDuration;
        var buffer = new JobBuffer();
        foreach (var fetched in await store.FetchJobsAsync(new FetchJobsRequest(ServerId, [options.DefaultQueue], 1, lease)).ConfigureAwait(false))
            buffer.Add(new BufferedJob(fetched, time.GetUtcNow() + lease));
        var claimed = await buffer.TakeAsync(CancellationToken.None).ConfigureAwait(false);
        using var job = new RunningJob(claimed.Fetched, claimed.LeaseExpiresAt, server, CancellationToken.None);
        if (await runner.RunAsync(job).ConfigureAwait(false) is { } outcome)
            await store.CompleteJobsAsync(new CompleteJobsRequest([new JobCompletion(claimed.Fetched.Id, claimed.Fetched.LeaseToken, outcome)])).ConfigureAwait(false);
    }

    private static async Task PerformAsync(InvocationBinder binder, EmberOptions options)
    {
        var bound = binder.Bind(Invocation.Serialize(NoOpJob(), options.SerializerOptions));
        _ = JobFilters.For(bound, options.Filters);
        var scope = new JobActivator().BeginScope();
        await using (scope.ConfigureAwait(false))
            await JobPerformer.PerformAsync(bound, scope, null!).ConfigureAwait(false); // no run-time arguments to fill
    }

    // The warm-up job as a client's expression makes it, one argument read from a closure.
    private static Job NoOpJob()
    {
        var captured = 1L;
        return Job.FromExpression(() => NoOpAsync("warm-up", captured, Guid.Empty, DateTimeOffset.UnixEpoch));
    }

    [SuppressMessage("Style", "IDE0060", Justification = "The arguments are what is warmed: one of each common kind.")]
    private static Task NoOpAsync(string text, long number, Guid id, DateTimeOffset at) => Task.CompletedTask;
}
