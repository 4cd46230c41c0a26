using Ember.Invocations;

namespace Ember;

/// <summary>
/// Lets only one run of the method (across all servers) go at a time, without blocking a worker: a run that finds
/// the method busy is rescheduled after <see cref="RescheduleDelayInSeconds"/> instead of waiting. The mutex belongs
/// to the running job, so it is freed when the run ends, even if its server dies (when its lease expires).
/// </summary>
/// <remarks>
/// Unlike Hangfire's attribute of the same name, it has no timeout: no worker ever waits for the mutex.
/// </remarks>
public sealed class DisableConcurrentExecutionAttribute : JobFilterAttribute, IServerFilter
{
    private const string HeldKey = "Ember.DisableConcurrentExecution";
    private int _rescheduleDelayInSeconds = 5;

    /// <summary>How long a run that found the method busy waits before it is enqueued again. Default 5 s.</summary>
    public int RescheduleDelayInSeconds
    {
        get => _rescheduleDelayInSeconds;
        set => _rescheduleDelayInSeconds = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "RescheduleDelayInSeconds must be 0 or more.");
    }

    /// <inheritdoc />
    public async ValueTask OnPerformingAsync(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = MutexName(context.Job);
        if (await context.TryAcquireMutexAsync(name).ConfigureAwait(false))
            context.Items[HeldKey] = name;
        else
            context.Reschedule(TimeSpan.FromSeconds(RescheduleDelayInSeconds), $"Another run of {context.Job} is in progress ([DisableConcurrentExecution]); rescheduled in {RescheduleDelayInSeconds} s");
    }

    /// <inheritdoc />
    public async ValueTask OnPerformedAsync(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Performing.Items.TryGetValue(HeldKey, out var name))
            await context.Performing.ReleaseMutexAsync((string)name!).ConfigureAwait(false);
    }

    private static string MutexName(Job job) => $"{TypeNames.Of(job.Type)}.{job.Method.Name}";
}
