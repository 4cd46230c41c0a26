using Ember.Storage;

namespace Ember;

/// <summary>A job about to be created. Filters may change where and when it runs.</summary>
public sealed class CreatingContext
{
    internal CreatingContext(Job job, string queue, DateTimeOffset? enqueueAt, string? parentId)
    {
        Job = job;
        Queue = queue;
        EnqueueAt = enqueueAt;
        ParentId = parentId;
    }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>The queue it will run on; settable.</summary>
    public string Queue { get; set; }

    /// <summary>When it will be enqueued (null: now); settable. Ignored for continuations.</summary>
    public DateTimeOffset? EnqueueAt { get; set; }

    /// <summary>For a continuation, its parent.</summary>
    public string? ParentId { get; }

    /// <summary>Values filters pass to their own later callbacks.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();

    /// <summary>Parameters to store with the job from its creation (JSON values by name), set with <see cref="SetJobParameter{T}"/>.</summary>
    internal Dictionary<string, string>? Parameters { get; private set; }

    /// <summary>
    /// Stores a parameter with the job from its creation (Hangfire's <c>SetJobParameter</c>): the job reads it from its
    /// <see cref="Server.PerformContext"/>, server filters from theirs, and the dashboard shows it. Serialized with
    /// <see cref="EmberOptions.SerializerOptions"/>; null removes one set earlier.
    /// </summary>
    public void SetJobParameter<T>(string name, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Parameters ??= new(StringComparer.Ordinal);
        if (Server.JobParameters.Write(value, name, "being created", SerializerOptions) is { } json) Parameters[name] = json;
        else Parameters.Remove(name);
    }

    internal System.Text.Json.JsonSerializerOptions SerializerOptions { get; init; } = System.Text.Json.JsonSerializerOptions.Default;
}
