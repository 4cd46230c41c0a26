namespace Ember.Storage.Monitoring;

/// <summary>A recurring job, as Hangfire's <c>GetRecurringJobs()</c> returns it.</summary>
public sealed class RecurringJobDto
{
    /// <summary>Its id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Its cron expression.</summary>
    public string Cron { get; set; } = "";

    /// <summary>The queue its jobs run on.</summary>
    public string Queue { get; set; } = "";

    /// <summary>What each run calls; null when it can't be loaded here (see <see cref="LoadException"/>).</summary>
    public Job? Job { get; set; }

    /// <summary>Why <see cref="Job"/> couldn't be loaded, if it couldn't.</summary>
    public JobLoadException? LoadException { get; set; }

    /// <summary>Its next run (UTC); null for a job that runs only when triggered (<c>Cron.Never()</c>) or is disabled (see <see cref="Error"/>).</summary>
    public DateTime? NextExecution { get; set; }

    /// <summary>The id of the job its last run created.</summary>
    public string? LastJobId { get; set; }

    /// <summary>The state that job is in now.</summary>
    public string? LastJobState { get; set; }

    /// <summary>When it last ran (UTC).</summary>
    public DateTime? LastExecution { get; set; }

    /// <summary>When it was added (UTC).</summary>
    public DateTime? CreatedAt { get; set; }

    /// <summary>Always false: a removed recurring job is gone from the store.</summary>
    public bool Removed { get; set; }

    /// <summary>The time zone its cron is read in.</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>Why it is disabled, or null.</summary>
    public string? Error { get; set; }

    /// <summary>Always 0: Ember disables a recurring job that can't fire instead of retrying it.</summary>
    public int RetryAttempt { get; set; }
}
