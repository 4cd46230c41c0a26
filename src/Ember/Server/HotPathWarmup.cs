using System.Diagnostics.CodeAnalysis;
using Ember.Filters;
using Ember.Invocations;

namespace Ember.Server;

/// <summary>
/// Compiles the code every job goes through before the first job needs it: without this the first job after a start
/// waits for the JIT compiler (tens to hundreds of milliseconds: expression parsing, JSON metadata, reflection
/// binding, the awaiting of the method's task) where every later job waits a millisecond. A job of Ember's own, enqueued
/// as a client would and run as the server would, but on nothing shared: no store, no filters, no metrics or traces,
/// so a user sees nothing of it.
/// </summary>
internal static class HotPathWarmup
{
    public static async Task RunAsync(InvocationBinder binder, EmberOptions options)
    {
        var job = Job.FromExpression(() => NoOpAsync("warm-up", 1, Guid.Empty, DateTimeOffset.UnixEpoch));
        var bound = binder.Bind(Invocation.Serialize(job, options.SerializerOptions));
        _ = JobFilters.For(bound, options.Filters);
        var scope = new JobActivator().BeginScope();
        await using (scope.ConfigureAwait(false))
            await JobPerformer.PerformAsync(bound, scope, null!).ConfigureAwait(false); // no run-time arguments to fill
    }

    [SuppressMessage("Style", "IDE0060", Justification = "The arguments are what is warmed: one of each common kind.")]
    private static Task NoOpAsync(string text, int number, Guid id, DateTimeOffset at) => Task.CompletedTask;
}
