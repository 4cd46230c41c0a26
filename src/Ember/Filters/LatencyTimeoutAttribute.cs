using System.Globalization;

namespace Ember;

/// <summary>
/// Deletes a job instead of running it when it starts more than <see cref="TimeoutInSeconds"/> after it was last
/// enqueued (Hangfire's attribute of the same name): for work that is worthless late, such as a notification. The
/// history says why. The wait is counted from the job's latest move to Enqueued: creation, a due schedule or retry, a
/// requeue or a rescue.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
public sealed class LatencyTimeoutAttribute : JobFilterAttribute, IServerFilter
{
    /// <summary>Deletes the job when it starts more than <paramref name="timeoutInSeconds"/> after it was enqueued.</summary>
    /// <param name="timeoutInSeconds">The longest wait in its queue, in seconds; 1 or more.</param>
    public LatencyTimeoutAttribute(int timeoutInSeconds)
    {
        if (timeoutInSeconds < 1)
            throw new ArgumentOutOfRangeException(nameof(timeoutInSeconds), timeoutInSeconds, "[LatencyTimeout] timeoutInSeconds must be 1 or more: the longest a job may wait in its queue.");
        TimeoutInSeconds = timeoutInSeconds;
    }

    /// <summary>The longest wait in its queue, in seconds.</summary>
    public int TimeoutInSeconds { get; }

    /// <inheritdoc />
    public async ValueTask OnPerformingAsync(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // One read of the job's history, only for jobs that carry this attribute.
        if (await context.EnqueuedAtAsync().ConfigureAwait(false) is not { } enqueuedAt) return;
        var waited = context.Time.GetUtcNow() - enqueuedAt;
        if (waited > TimeSpan.FromSeconds(TimeoutInSeconds))
            context.Delete(string.Create(CultureInfo.InvariantCulture, $"Not started within its [LatencyTimeout] of {TimeoutInSeconds} s: waited {waited.TotalSeconds:0.#} s since enqueued"));
    }

    /// <inheritdoc />
    public ValueTask OnPerformedAsync(PerformedContext context) => ValueTask.CompletedTask;
}
