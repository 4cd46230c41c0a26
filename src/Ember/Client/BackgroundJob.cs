using Microsoft.Extensions.DependencyInjection;

namespace Ember;

/// <summary>
/// A static facade over <see cref="Client"/> for scripts and code without dependency injection, as in Hangfire. Its
/// overloads (every shape of <see cref="BackgroundJobClientExtensions"/>) are generated in BackgroundJob.Generated.cs.
/// It works from <c>builder.Build()</c> on; prefer injecting <see cref="IBackgroundJobClient"/>
/// (it also has the async methods).
/// </summary>
public static partial class BackgroundJob
{
    private static IBackgroundJobClient? _client;

    /// <summary>
    /// The client used by the static methods: the one set here, or else the application's, from the last host built
    /// with <c>AddEmber</c> (usable from <c>builder.Build()</c> on, before the host starts).
    /// </summary>
    /// <exception cref="InvalidOperationException">When no host with Ember has been built and none was set; the message says what to do.</exception>
    public static IBackgroundJobClient Client
    {
        get => _client ?? StaticFacadeServices.Current?.GetRequiredService<IBackgroundJobClient>()
            ?? throw new InvalidOperationException(StaticFacadeServices.Missing(nameof(BackgroundJob), nameof(Client), "new BackgroundJobClient(store)"));
        set => _client = value ?? throw new ArgumentNullException(nameof(value));
    }

    // A newly built host's services take over from a client set before.
    internal static void Reset() => _client = null;

    /// <summary>Requeues a job.</summary>
    public static bool Requeue(string jobId) => Client.Requeue(jobId);

    /// <summary>Requeues a job if it is in <paramref name="fromState"/> (e.g. <c>FailedState.StateName</c>; null for any).</summary>
    public static bool Requeue(string jobId, string? fromState) => Client.Requeue(jobId, fromState);

    /// <summary>Requeues a job if it is in <paramref name="fromState"/> (null for any).</summary>
    public static Task<bool> RequeueAsync(string jobId, string? fromState = null, CancellationToken cancellationToken = default) =>
        Client.RequeueAsync(jobId, fromState, cancellationToken);

    /// <summary>Deletes a job.</summary>
    public static bool Delete(string jobId) => Client.Delete(jobId);

    /// <summary>Deletes a job if it is in <paramref name="fromState"/> (null for any).</summary>
    public static bool Delete(string jobId, string? fromState) => Client.Delete(jobId, fromState);

    /// <summary>Deletes a job if it is in <paramref name="fromState"/> (null for any).</summary>
    public static Task<bool> DeleteAsync(string jobId, string? fromState = null, CancellationToken cancellationToken = default) =>
        Client.DeleteAsync(jobId, fromState, cancellationToken);

    /// <summary>Gives a job a new due time <paramref name="delay"/> from now, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static bool Reschedule(string jobId, TimeSpan delay, string? fromState = null) => Client.Reschedule(jobId, delay, fromState);

    /// <summary>Gives a job the due time <paramref name="enqueueAt"/>, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static bool Reschedule(string jobId, DateTimeOffset enqueueAt, string? fromState = null) => Client.Reschedule(jobId, enqueueAt, fromState);

    /// <summary>Gives a job a new due time <paramref name="delay"/> from now, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static Task<bool> RescheduleAsync(string jobId, TimeSpan delay, string? fromState = null, CancellationToken cancellationToken = default) =>
        Client.RescheduleAsync(jobId, delay, fromState, cancellationToken);

    /// <summary>Gives a job the due time <paramref name="enqueueAt"/>, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static Task<bool> RescheduleAsync(string jobId, DateTimeOffset enqueueAt, string? fromState = null, CancellationToken cancellationToken = default) =>
        Client.RescheduleAsync(jobId, enqueueAt, fromState, cancellationToken);
}
