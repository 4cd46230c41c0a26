namespace Ember;

/// <summary>How a recurring job is scheduled.</summary>
public sealed class RecurringJobOptions
{
    private TimeZoneInfo _timeZone = TimeZoneInfo.Utc;
    private string? _queueName;

    /// <summary>The time zone the cron expression is read in. Default UTC. Daylight saving changes follow the zone's rules.</summary>
    public TimeZoneInfo TimeZone
    {
        get => _timeZone;
        set => _timeZone = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The same as <see cref="TimeZone"/>, by id (IANA such as "Europe/Paris", or Windows).</summary>
    /// <exception cref="ArgumentException">The id is not known on this machine; the message names it.</exception>
    public string TimeZoneId
    {
        get => _timeZone.Id;
        set => _timeZone = Recurring.CronSchedule.FindZone(value);
    }

    /// <summary>Hangfire's older way to name the queue; null (the default) for the queue passed to <c>AddOrUpdate</c>,
    /// the job's <c>[Queue]</c> attribute or <see cref="EmberOptions.DefaultQueue"/>.</summary>
    [Obsolete("Pass the queue to AddOrUpdate(recurringJobId, queue, methodCall, cron), as in Hangfire 1.8.")]
    public string? QueueName
    {
        get => _queueName;
        set => _queueName = value is null ? null : global::Ember.QueueName.Validate(value, "RecurringJobOptions.QueueName");
    }

    /// <summary>What to do about occurrences missed while no server ran. Default <see cref="MisfireHandlingMode.RunOnce"/>.</summary>
    public MisfireHandlingMode MisfireHandling { get; set; } = MisfireHandlingMode.RunOnce;
}
