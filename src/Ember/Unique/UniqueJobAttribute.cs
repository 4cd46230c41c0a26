using System.Reflection;

namespace Ember;

/// <summary>
/// Makes the jobs of a method (or of every method of a class) unique by a key built from their arguments: while a job
/// with the key is Enqueued, Scheduled or Processing (see <see cref="States"/>), enqueueing another returns that
/// job's id instead (<see cref="EnqueueResult.Existing"/>). A key given at enqueue (<see cref="EnqueueOptions.UniqueKey"/>) wins.
/// </summary>
/// <example><code>[UniqueJob("invoice:{invoiceId}")] public Task SendAsync(int invoiceId) { ... }</code></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public sealed class UniqueJobAttribute : Attribute
{
    /// <summary>Makes the jobs unique by <paramref name="keyTemplate"/>.</summary>
    /// <param name="keyTemplate">The key, with arguments by position (<c>{0}</c>) or by parameter name (<c>{invoiceId}</c>); a name or position the method lacks is an error at enqueue.</param>
    public UniqueJobAttribute(string keyTemplate)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyTemplate);
        KeyTemplate = keyTemplate;
    }

    /// <summary>The key template.</summary>
    public string KeyTemplate { get; }

    /// <summary>The states in which a job holds its key. Default: Enqueued, Scheduled, Processing.</summary>
    public JobState[] States { get; set; } = [.. UniqueJobOptions.DefaultStates];

    /// <summary>Only jobs created within this many seconds block a new one; 0 (the default) for any age.</summary>
    public int PeriodInSeconds { get; set; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, MethodInfo), UniqueJobAttribute?> Attributes = new();

    /// <summary>The unique options the job's attribute gives it, or null when it has none.</summary>
    /// <exception cref="ArgumentException">The key template names an argument the method doesn't have.</exception>
    internal static UniqueJobOptions? Of(Job job)
    {
        var attribute = Attributes.GetOrAdd((job.Type, job.Method), static key =>
            key.Item2.GetCustomAttribute<UniqueJobAttribute>() ?? key.Item1.GetCustomAttribute<UniqueJobAttribute>());
        if (attribute is null) return null;
        if (attribute.PeriodInSeconds < 0)
            throw new ArgumentException($"[UniqueJob] on {job} has PeriodInSeconds = {attribute.PeriodInSeconds}; give a positive number of seconds, or 0 for any age.", nameof(job));
        return new UniqueJobOptions(Ember.KeyTemplate.Format(attribute.KeyTemplate, job, "[UniqueJob]"))
        {
            States = attribute.States,
            Period = attribute.PeriodInSeconds > 0 ? TimeSpan.FromSeconds(attribute.PeriodInSeconds) : null,
        };
    }
}
