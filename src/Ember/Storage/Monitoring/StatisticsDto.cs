namespace Ember.Storage.Monitoring;

/// <summary>The overview counts, as in Hangfire's monitoring API.</summary>
public sealed class StatisticsDto
{
    /// <summary>Registered servers.</summary>
    public long Servers { get; set; }

    /// <summary>Recurring jobs.</summary>
    public long Recurring { get; set; }

    /// <summary>Jobs in Enqueued.</summary>
    public long Enqueued { get; set; }

    /// <summary>Queues that hold enqueued jobs.</summary>
    public long Queues { get; set; }

    /// <summary>Jobs in Scheduled (retries included).</summary>
    public long Scheduled { get; set; }

    /// <summary>Jobs in Processing.</summary>
    public long Processing { get; set; }

    /// <summary>How many times a job has succeeded since the store was created (as Hangfire's counter).</summary>
    public long Succeeded { get; set; }

    /// <summary>Jobs in Failed.</summary>
    public long Failed { get; set; }

    /// <summary>Jobs in Deleted (Hangfire counts deletions ever; Ember counts those not yet expired).</summary>
    public long Deleted { get; set; }

    /// <summary>Jobs waiting to retry; null, as for Hangfire's stores that don't count them (list Scheduled jobs with <c>JobListRequest.WithErrorOnly</c>).</summary>
    public long? Retries { get; set; }

    /// <summary>Continuations in Awaiting.</summary>
    public long? Awaiting { get; set; }
}
