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

    /// <summary>
    /// The largest job result stored, in characters of JSON. A larger result is not stored: the Succeeded entry says so,
    /// and a continuation taking it with <see cref="FromResultAttribute"/> fails naming it. Default 64 KiB.
    /// </summary>
    public int MaxResultLength { get; set; } = 64 * 1024;

    /// <summary>How many lines a job's log keeps (<see cref="Server.PerformContext.WriteLine"/>): beyond it the oldest go. Default 1,000.</summary>
    public int MaxLogLines { get; set; } = 1000;

    /// <summary>The longest log line kept, in characters; longer lines are cut. Default 4,000.</summary>
    public int MaxLogLineLength { get; set; } = 4000;

    /// <summary>
    /// Runs each job in the <see cref="System.Globalization.CultureInfo.CurrentCulture"/> and
    /// <see cref="System.Globalization.CultureInfo.CurrentUICulture"/> of the code that enqueued it, as Hangfire does:
    /// they are stored as the job parameters <c>CurrentCulture</c> and <c>CurrentUICulture</c> when it is created (jobs
    /// of recurring schedules take the server's). Turn off to run every job in the server's culture;
    /// <see cref="CaptureCultureAttribute"/> then turns it on for a job class or method. Default true.
    /// </summary>
    public bool CaptureCulture { get; set; } = true;

    /// <summary>Throws an exception naming the first option that is out of range and how to fix it.</summary>
    public void Validate()
    {
        if (JobExpiration <= TimeSpan.Zero)
            throw new InvalidOperationException($"EmberOptions.JobExpiration must be positive (was {JobExpiration}); it is how long finished jobs are kept, e.g. TimeSpan.FromDays(1).");
        QueueName.Validate(DefaultQueue, "EmberOptions.DefaultQueue");
        if (Retry is null) throw new InvalidOperationException("EmberOptions.Retry must not be null; set Retry.Attempts = 0 to disable retries.");
        Retry.Validate("EmberOptions.Retry");
        if (MaxResultLength < 0) throw new InvalidOperationException($"EmberOptions.MaxResultLength must be 0 or more (was {MaxResultLength}); 0 stores no results.");
        if (MaxLogLines < 0) throw new InvalidOperationException($"EmberOptions.MaxLogLines must be 0 or more (was {MaxLogLines}); 0 keeps no log.");
        if (MaxLogLineLength < 1) throw new InvalidOperationException($"EmberOptions.MaxLogLineLength must be at least 1 (was {MaxLogLineLength}).");
        if (SerializerOptions is null) throw new InvalidOperationException("EmberOptions.SerializerOptions must not be null.");
    }
}
