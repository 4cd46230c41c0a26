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

    // Read once per method: attribute lookups allocate on every call, and every enqueue asks.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, MethodInfo), string?> Queues = new();

    internal static string? Of(Job job) => Queues.GetOrAdd((job.Type, job.Method), static key =>
        (key.Item2.GetCustomAttribute<QueueAttribute>() ?? key.Item1.GetCustomAttribute<QueueAttribute>())?.Queue);
}
