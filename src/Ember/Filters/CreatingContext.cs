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
}
