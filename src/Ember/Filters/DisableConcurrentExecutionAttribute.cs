using Ember.Invocations;

namespace Ember;

/// <summary>
/// Lets only one run of the method (across all servers) go at a time, without blocking a worker. Jobs created with
/// it carry a concurrency limit of 1 on the method's key (<see cref="ConcurrencyLimit"/>, the key being the method's
/// type and name): the store's fetch leaves them Enqueued while one runs, and claims the next as it ends, even if its
/// server dies (when its lease expires and the run is rescued). Jobs created before that (without the key) still take
/// a run-time mutex of the same name, which the new ones take too, so old and new runs never overlap: a run that finds
/// the method busy is rescheduled after <see cref="RescheduleDelayInSeconds"/>.
/// </summary>
/// <remarks>
/// Hangfire's attribute blocks a worker for up to its timeout waiting for the lock, then fails the run. Here no worker
/// ever waits, so the timeout that Hangfire code passes is accepted and kept (<see cref="TimeoutInSeconds"/>) but bounds
/// nothing: a busy method's runs are rescheduled until it is free.
/// </remarks>
public sealed class DisableConcurrentExecutionAttribute : JobFilterAttribute, IServerFilter
{
    private const string HeldKey = "Ember.DisableConcurrentExecution";
    private int _rescheduleDelayInSeconds = 5;

    /// <summary>One run of the method at a time; a run that finds it busy is rescheduled.</summary>
    public DisableConcurrentExecutionAttribute()
    {
    }

    /// <summary>Hangfire's form: <paramref name="timeoutInSeconds"/> is accepted for compatibility (see remarks).</summary>
    /// <param name="timeoutInSeconds">How long Hangfire would wait for the lock; 0 or more. Ember never waits.</param>
    public DisableConcurrentExecutionAttribute(int timeoutInSeconds)
    {
        if (timeoutInSeconds < 0)
            throw new ArgumentOutOfRangeException(nameof(timeoutInSeconds), timeoutInSeconds, "[DisableConcurrentExecution] timeoutInSeconds must be 0 or more.");
        TimeoutInSeconds = timeoutInSeconds;
    }

    /// <summary>The timeout given in Hangfire's form, if any. Ember never waits for the mutex, so it bounds nothing.</summary>
    public int TimeoutInSeconds { get; }

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

    /// <summary>The limit of 1 a job gets at creation when this attribute (or a global instance) is among its filters; null otherwise.</summary>
    internal static ConcurrencyLimit? Of(Filters.JobFilters filters, Job job)
    {
        foreach (var filter in filters.Server)
            if (filter is DisableConcurrentExecutionAttribute)
            {
                var key = MutexName(job);
                // A key over the length limit (a very long type name) is shortened the same way every time.
                return new ConcurrencyLimit(key.Length <= ConcurrencyLimit.MaxKeyLength ? key : key[..(ConcurrencyLimit.MaxKeyLength - 17)] + "~" + Hash(key), 1);
            }
        return null;
    }

    private static string Hash(string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16];
}
