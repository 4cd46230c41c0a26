using System.ComponentModel;

namespace Ember;

/// <summary>Options of one server: how many jobs it runs at once, from which queues, and its timings. Validated at start.</summary>
public sealed class ServerOptions
{
    /// <summary>A readable name for logs and the dashboard (Hangfire's ServerName). Default: host name and process id, e.g. "web-1:4242".</summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Creates the instances that run instance-method jobs (Hangfire's <c>Activator</c>). Default null: with
    /// <c>AddServer</c>, a <see cref="JobActivator"/> registered in the services, else the services themselves in a scope
    /// per job; with a hand-built <see cref="EmberServer"/>, parameterless constructors.
    /// </summary>
    public JobActivator? Activator { get; set; }

    /// <summary>How many jobs run at once. Default: 5 per processor core, at most 20 (Hangfire's default).</summary>
    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 5, 20);

    /// <summary>The queues to take jobs from, highest priority first. Default ["default"].</summary>
    public IReadOnlyList<string> Queues { get; set; } = ["default"];

    /// <summary>
    /// On stop, how long running jobs may take to finish before their cancellation token fires. A job still unfinished
    /// then is handed back to its queue and runs again later. Default 15 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a job may run before its cancellation token fires and it fails with a timeout. Default null: no limit.</summary>
    public TimeSpan? JobTimeout { get; set; }

    /// <summary>
    /// The most jobs a server claims ahead of its workers, beyond one per idle worker. Under a backlog the server holds
    /// about one fetch round trip of work in a local buffer (also at most 250 ms of work at its measured rate), so that
    /// its workers never wait for a fetch and one fetch claims many jobs; slow jobs are barely held ahead, so other
    /// servers keep their share. Buffered jobs keep their leases renewed and go back to their queue when the server
    /// stops; after a crash they run once their leases lapse, like running ones. 0 fetches only for idle workers.
    /// Default 500.
    /// </summary>
    public int MaxPrefetchedJobs { get; set; } = 500;

    /// <summary>How often an idle server looks for work when the store can't notify it. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often due Scheduled jobs (delayed jobs, retries) are enqueued and due recurring jobs fired. Default 1 s.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a running job's lease lasts unless extended; a dead server's jobs are rescued after it. Default 20 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often a server extends the leases of its running jobs, and so how soon it learns that one was deleted and
    /// cancels it. Default 1 s; must be under half of <see cref="LeaseDuration"/>.
    /// </summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the server looks for jobs whose lease expired (their server died) and enqueues them again. With the
    /// defaults a dead server's jobs run again within 25 s (<see cref="LeaseDuration"/> + this). Default 5 s.
    /// </summary>
    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the server reports to the server registry. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Servers silent for longer than this are removed from the registry. Default 1 min.</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often expired Succeeded and Deleted jobs are deleted from the store. Default 1 min.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    // Hangfire's BackgroundJobServerOptions names, so its configuration code compiles; each sets the Ember option.

    /// <summary>Hangfire's name for <see cref="ShutdownTimeout"/>: how long running jobs may finish once the server stops.</summary>
    [Obsolete("Use ShutdownTimeout: Ember has one stop timeout, after which running jobs are cancelled and handed back.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan StopTimeout { get => ShutdownTimeout; set => ShutdownTimeout = value; }

    /// <summary>Hangfire's name for <see cref="RescueInterval"/>: how soon the work of a dead server is picked up again.</summary>
    [Obsolete("Use RescueInterval: Ember looks for jobs whose server died (their lease expired) at that interval.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan ServerCheckInterval { get => RescueInterval; set => RescueInterval = value; }

    /// <summary>Hangfire's name for <see cref="LeaseRenewInterval"/>: how soon a running job learns it was deleted.</summary>
    [Obsolete("Use LeaseRenewInterval: a running job learns it was deleted (and its token fires) when its lease is renewed.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan CancellationCheckInterval { get => LeaseRenewInterval; set => LeaseRenewInterval = value; }

    /// <summary>Throws an exception naming the first option that is out of range and how to fix it.</summary>
    public void Validate()
    {
        if (WorkerCount is < 1 or > 10_000)
            throw new InvalidOperationException($"ServerOptions.WorkerCount must be between 1 and 10000 (was {WorkerCount}); it is how many jobs run at once, e.g. 20.");
        if (MaxPrefetchedJobs is < 0 or > 100_000)
            throw new InvalidOperationException($"ServerOptions.MaxPrefetchedJobs must be between 0 and 100000 (was {MaxPrefetchedJobs}); it is how many jobs a server may claim ahead of its workers, e.g. 500, or 0 to fetch only for idle workers.");
        if (Queues is null || Queues.Count == 0)
            throw new InvalidOperationException("ServerOptions.Queues must name at least one queue, e.g. [\"default\"].");
        foreach (var queue in Queues) QueueName.Validate(queue, "ServerOptions.Queues entry");
        if (Queues.Distinct(StringComparer.Ordinal).Count() != Queues.Count)
            throw new InvalidOperationException($"ServerOptions.Queues lists a queue twice ({string.Join(", ", Queues)}); list each once, highest priority first.");
        if (ServerName is { Length: 0 or > 200 })
            throw new InvalidOperationException("ServerOptions.ServerName must be null (for the default) or 1 to 200 characters.");
        RequireInRange(ShutdownTimeout, "ShutdownTimeout (Hangfire's StopTimeout)", allowZero: true);
        if (JobTimeout is { } timeout) RequireInRange(timeout, nameof(JobTimeout));
        RequireInRange(PollInterval, nameof(PollInterval));
        RequireInRange(SchedulePollingInterval, nameof(SchedulePollingInterval));
        RequireInRange(LeaseDuration, nameof(LeaseDuration));
        RequireInRange(LeaseRenewInterval, "LeaseRenewInterval (Hangfire's CancellationCheckInterval)");
        RequireInRange(RescueInterval, "RescueInterval (Hangfire's ServerCheckInterval)");
        RequireInRange(HeartbeatInterval, nameof(HeartbeatInterval));
        RequireInRange(ServerTimeout, nameof(ServerTimeout));
        RequireInRange(PruneInterval, nameof(PruneInterval));
        if (LeaseRenewInterval * 2 > LeaseDuration)
            throw new InvalidOperationException($"ServerOptions.LeaseRenewInterval (Hangfire's CancellationCheckInterval; {LeaseRenewInterval}) must be at most half of LeaseDuration ({LeaseDuration}), or a slow renewal would let running jobs be rescued and run twice.");
        if (HeartbeatInterval * 2 > ServerTimeout)
            throw new InvalidOperationException($"ServerOptions.HeartbeatInterval ({HeartbeatInterval}) must be at most half of ServerTimeout ({ServerTimeout}), or live servers would be dropped from the registry.");
    }

    // Timers take at most ~49 days; 30 days is far beyond any sensible setting and keeps date arithmetic safe.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    private static void RequireInRange(TimeSpan value, string name, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > MaxDuration)
            throw new InvalidOperationException($"ServerOptions.{name} must be {(allowZero ? "zero or more" : "positive")} and at most {MaxDuration.TotalDays:0} days (was {value}). For no job timeout, leave JobTimeout null.");
    }
}
