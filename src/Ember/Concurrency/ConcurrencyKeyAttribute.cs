using System.Reflection;

namespace Ember;

/// <summary>
/// The base of the attributes that put a method's jobs (or every method's of a class) under a concurrency limit:
/// <see cref="ConcurrencyLimitAttribute"/>, <see cref="MutexAttribute"/> and <see cref="SemaphoreAttribute"/> (Hangfire
/// Ace's names). The key is a template over the job's arguments, as <see cref="UniqueJobAttribute"/>'s; a key given at
/// enqueue (<see cref="EnqueueOptions.ConcurrencyKey"/>) wins. The method's attribute wins over its class's.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public abstract class ConcurrencyKeyAttribute : Attribute
{
    private protected ConcurrencyKeyAttribute(string keyTemplate, int? limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyTemplate);
        if (limit is { } l && l < 1)
            throw new ArgumentOutOfRangeException(nameof(limit), l, $"The concurrency limit of \"{keyTemplate}\" is {l}; give 1 or more (runs of the key at once).");
        KeyTemplate = keyTemplate;
        Limit = limit;
    }

    /// <summary>The key, with arguments by position (<c>{0}</c>) or by parameter name (<c>{tenantId}</c>); a name or position the method lacks is an error at enqueue.</summary>
    public string KeyTemplate { get; }

    /// <summary>The most runs of the key at once; null for the limit set at run time (<see cref="ConcurrencyLimit.DefaultLimit"/> until one is set).</summary>
    public int? Limit { get; }

    /// <summary>The attribute's name as written in code, for error messages.</summary>
    private protected abstract string Name { get; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, MethodInfo), ConcurrencyKeyAttribute?> Attributes = new();

    /// <summary>The concurrency limit the job's attribute gives it, or null when it has none.</summary>
    /// <exception cref="ArgumentException">The key template names an argument the method doesn't have, or the key is too long.</exception>
    internal static ConcurrencyLimit? Of(Job job)
    {
        var attribute = Attributes.GetOrAdd((job.Type, job.Method), static key =>
            key.Item2.GetCustomAttribute<ConcurrencyKeyAttribute>() ?? key.Item1.GetCustomAttribute<ConcurrencyKeyAttribute>());
        return attribute is null ? null : new ConcurrencyLimit(Ember.KeyTemplate.Format(attribute.KeyTemplate, job, attribute.Name), attribute.Limit);
    }
}

/// <summary>
/// At most <see cref="ConcurrencyKeyAttribute.Limit"/> runs of the key at once, across every server; the other jobs of
/// the key wait Enqueued without holding a worker, and are claimed as runs end.
/// </summary>
/// <example><code>[ConcurrencyLimit("tenant:{tenantId}", 5)] public Task ImportAsync(int tenantId, CancellationToken token) { ... }</code></example>
public sealed class ConcurrencyLimitAttribute : ConcurrencyKeyAttribute
{
    /// <summary>At most <paramref name="limit"/> runs of the key at once.</summary>
    /// <param name="keyTemplate">The key, e.g. <c>"tenant:{0}"</c>.</param>
    /// <param name="limit">1 or more.</param>
    public ConcurrencyLimitAttribute(string keyTemplate, int limit) : base(keyTemplate, limit)
    {
    }

    private protected override string Name => "[ConcurrencyLimit]";
}

/// <summary>One run of the key at a time (Hangfire Ace's <c>[Mutex]</c>): a limit of 1.</summary>
/// <example><code>[Mutex("orders:{0}")] public Task ShipAsync(int orderId) { ... }</code></example>
public sealed class MutexAttribute : ConcurrencyKeyAttribute
{
    /// <summary>One run of the key at a time.</summary>
    /// <param name="keyTemplate">The key, e.g. <c>"orders:{0}"</c>.</param>
    public MutexAttribute(string keyTemplate) : base(keyTemplate, 1)
    {
    }

    private protected override string Name => "[Mutex]";
}

/// <summary>
/// A named semaphore (Hangfire Ace's <c>[Semaphore]</c>): its limit is the one set at run time for the key
/// (<c>SetConcurrencyLimit</c> on the monitoring API, the dashboard, or <see cref="Storage.IJobStore.SetConcurrencyLimitAsync"/>),
/// 1 until one is set; or the one given here.
/// </summary>
/// <example><code>[Semaphore("reports")] public Task BuildAsync(int day) { ... }</code></example>
public sealed class SemaphoreAttribute : ConcurrencyKeyAttribute
{
    /// <summary>A semaphore whose limit is set at run time.</summary>
    /// <param name="name">The key (a template over the arguments, as for the other attributes).</param>
    public SemaphoreAttribute(string name) : base(name, null)
    {
    }

    /// <summary>A semaphore with a limit, which one set at run time overrides.</summary>
    /// <param name="name">The key.</param>
    /// <param name="limit">1 or more.</param>
    public SemaphoreAttribute(string name, int limit) : base(name, limit)
    {
    }

    private protected override string Name => "[Semaphore]";
}
