namespace Ember.Storage.Monitoring;

/// <summary>A queue with its length and first jobs, as in Hangfire's monitoring API.</summary>
public sealed class QueueWithTopEnqueuedJobsDto
{
    /// <summary>The queue's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>How many jobs wait on it.</summary>
    public long Length { get; set; }

    /// <summary>Fetched jobs: null, as Ember has none (a fetched job is Processing).</summary>
    public long? Fetched { get; set; }

    /// <summary>Its newest enqueued jobs (up to 5).</summary>
    public JobList<EnqueuedJobDto> FirstJobs { get; set; } = new([]);
}
