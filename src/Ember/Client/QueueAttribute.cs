using System.Reflection;

namespace Ember;

/// <summary>
/// The queue a job runs on when it is enqueued without one, as in Hangfire: on the method, or on its class. An explicit
/// queue given to <c>Enqueue</c> wins.
/// </summary>
/// <example><code>[Queue("critical")] public Task ChargeAsync(int orderId) { ... }</code></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public sealed class QueueAttribute : Attribute
{
    /// <summary>Names the queue.</summary>
    /// <exception cref="ArgumentException">The name is not a valid queue name.</exception>
    public QueueAttribute(string queue) => Queue = QueueName.Validate(queue, "[Queue]");

    /// <summary>The queue.</summary>
    public string Queue { get; }

    internal static string? Of(Job job) =>
        (job.Method.GetCustomAttribute<QueueAttribute>() ?? job.Type.GetCustomAttribute<QueueAttribute>())?.Queue;
}
