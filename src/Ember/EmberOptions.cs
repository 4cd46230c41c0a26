using System.Text.Json;

namespace Ember;

/// <summary>Options shared by the client and every server of an application. Validated at start.</summary>
public sealed class EmberOptions
{
    /// <summary>How long Succeeded and Deleted jobs stay in the store before they are pruned. Default 1 day.</summary>
    public TimeSpan JobExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The queue of jobs enqueued without one. Default "default".</summary>
    public string DefaultQueue { get; set; } = "default";

    /// <summary>The retry policy of jobs without an <see cref="AutomaticRetryAttribute"/>. Default: 10 retries, Hangfire's delays.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Filters that apply to every job, in order, before those of job classes and methods. Default: none.</summary>
    public IList<IJobFilter> Filters { get; } = [];

    /// <summary>How job arguments are written to and read from JSON. Default: System.Text.Json's general defaults.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.General);

    /// <summary>Throws an exception naming the first option that is out of range and how to fix it.</summary>
    public void Validate()
    {
        if (JobExpiration <= TimeSpan.Zero)
            throw new InvalidOperationException($"EmberOptions.JobExpiration must be positive (was {JobExpiration}); it is how long finished jobs are kept, e.g. TimeSpan.FromDays(1).");
        QueueName.Validate(DefaultQueue, "EmberOptions.DefaultQueue");
        if (Retry is null) throw new InvalidOperationException("EmberOptions.Retry must not be null; set Retry.Attempts = 0 to disable retries.");
        Retry.Validate("EmberOptions.Retry");
        if (SerializerOptions is null) throw new InvalidOperationException("EmberOptions.SerializerOptions must not be null.");
    }
}
