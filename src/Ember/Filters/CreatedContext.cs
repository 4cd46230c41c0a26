using Ember.Storage;

namespace Ember;

/// <summary>A job that was just created.</summary>
public sealed class CreatedContext
{
    internal CreatedContext(CreatingContext creating, string jobId)
    {
        Job = creating.Job;
        Queue = creating.Queue;
        JobId = jobId;
        Items = creating.Items;
    }

    /// <summary>What the job calls.</summary>
    public Job Job { get; }

    /// <summary>Its id.</summary>
    public string JobId { get; }

    /// <summary>Its queue.</summary>
    public string Queue { get; }

    /// <summary>Values set by filters in <see cref="IClientFilter.OnCreatingAsync"/>.</summary>
    public IDictionary<string, object?> Items { get; }
}
