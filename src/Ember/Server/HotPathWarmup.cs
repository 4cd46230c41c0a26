using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Ember.Filters;
using Ember.InMemory;
using Ember.Invocations;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Compiles the code every job goes through before the first job needs it: without this the first job after a start
/// waits for the JIT compiler (tens to hundreds of milliseconds: expression parsing, JSON metadata, reflection
/// binding, the run's async steps) where every later job waits a millisecond. A job of Ember's own is enqueued as a
/// client would and run by a server of its own on a private in-memory store, with one worker, no filters and no
/// logger, so a user sees nothing of it: the same fetcher, buffer, worker pool, runner and completion writer as the
/// real server's, woken by the store's notification, so the first real job finds all of them compiled. Metrics and
/// traces are not private, so while something listens to them only the steps that record none are warmed (the job
/// is bound and its method called, without client or server). Then a store that can (<see cref="IJobStoreWarmUp"/>)
/// goes through its creation and fetch paths for the same job without a trace.
/// </summary>
internal static class HotPathWarmup
{
    private const string ServerName = "ember-warm-up";

    public static async Task RunAsync(InvocationBinder binder, EmberOptions userOptions, IJobStore store)
    {
        var options = new EmberOptions { SerializerOptions = userOptions.SerializerOptions, CaptureCulture = userOptions.CaptureCulture, Retry = userOptions.Retry, DefaultQueue = userOptions.DefaultQueue };
        if (Observed()) await PerformAsync(binder, options).ConfigureAwait(false);
        else await RunJobAsync(options).ConfigureAwait(false);
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

    // On the system clock whatever the real server's is: a private server on a test's fake clock would wait forever.
    private static async Task RunJobAsync(EmberOptions options)
    {
        var store = new InMemoryJobStore();
        var serverOptions = new ServerOptions { WorkerCount = 1, ServerName = ServerName, Queues = [options.DefaultQueue] };
        var server = new EmberServer(store, serverOptions, options) { WarmsUp = false };
        await using (server.ConfigureAwait(false))
        {
            await server.StartAsync().ConfigureAwait(false);
            var run = Guid.NewGuid();
            var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Calls[run] = called;
            try
            {
                var captured = TimeProvider.System.GetTimestamp(); // arguments are read from a closure as often as they are constants
                await new BackgroundJobClient(store, options).EnqueueAsync(() => NoOpAsync("warm-up", captured, run, DateTimeOffset.UnixEpoch)).ConfigureAwait(false);
                await called.Task.WaitAsync(CallTimeout).ConfigureAwait(false);
            }
            finally
            {
                Calls.TryRemove(run, out _);
            }
            // A graceful stop writes the run's completion: the completion writer is warmed too.
            await server.StopAsync().ConfigureAwait(false);
        }
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

    // The private server's runs being waited for, by the id their job carries: servers may start side by side.
    private static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Calls = new();

    // Longer than a warm-up ever takes (milliseconds); a start that gets no run by then logs the warm-up's failure.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    [SuppressMessage("Style", "IDE0060", Justification = "The arguments are what is warmed: one of each common kind.")]
    private static Task NoOpAsync(string text, long number, Guid id, DateTimeOffset at)
    {
        if (Calls.TryGetValue(id, out var called)) called.TrySetResult();
        return Task.CompletedTask;
    }
}
