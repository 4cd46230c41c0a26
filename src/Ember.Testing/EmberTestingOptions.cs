using Microsoft.Extensions.Logging;

namespace Ember.Testing;

/// <summary>
/// How a <see cref="TestBackgroundJobClient"/> behaves. With <c>services.AddEmberTesting()</c>, the options left
/// null are taken from the application's services where it has them.
/// </summary>
public sealed class EmberTestingOptions
{
    /// <summary>Whether jobs wait for <c>RunPending</c> or run as they are enqueued. Default <see cref="EmberTestingMode.Manual"/>.</summary>
    public EmberTestingMode Mode { get; set; } = EmberTestingMode.Manual;

    /// <summary>
    /// The clock of the client, its store and its runs: pass a fake one (such as Microsoft.Extensions.TimeProvider.Testing's
    /// <c>FakeTimeProvider</c>) and advance it to make scheduled jobs and retries due. Default null: the services'
    /// <see cref="System.TimeProvider"/> with <c>AddEmberTesting</c>, else <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Ember's shared options: default queue, retries, filters, serialization, as the application sets them. Default
    /// null: the services' <see cref="Ember.EmberOptions"/> (the one <c>AddEmber</c> registered) with
    /// <c>AddEmberTesting</c>, else new defaults (10 retries). Set <c>Retry.Attempts = 0</c> to make a failing job
    /// Failed on its first run.
    /// </summary>
    public EmberOptions? EmberOptions { get; set; }

    /// <summary>
    /// Where job targets come from when jobs run: a scope of these services per job, as a real server resolves them.
    /// Default null: the application's services with <c>AddEmberTesting</c>; else, unless <see cref="Activator"/> is
    /// set, jobs are created with their parameterless constructor.
    /// </summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>Creates job targets instead of <see cref="Services"/>. Default null.</summary>
    public JobActivator? Activator { get; set; }

    /// <summary>
    /// When true, a run stops at the first job that throws and rethrows its exception (with its stack trace) from
    /// <c>RunPending</c>, or from the enqueue in <see cref="EmberTestingMode.Inline"/> mode. The job's outcome (retry,
    /// Failed) is stored first. Default false: failures are reported in the returned <see cref="JobRunSummary"/>.
    /// </summary>
    public bool RethrowJobExceptions { get; set; }

    /// <summary>
    /// When true, <c>RunPending</c> first fires the recurring jobs whose next occurrence the clock has passed, as a
    /// server's recurring scheduler does. Default false, because with the system clock whether an occurrence has
    /// passed depends on when the test runs; use it with a fake clock, or call <c>Trigger</c> to run one now.
    /// </summary>
    public bool FireDueRecurringJobs { get; set; }

    /// <summary>
    /// The most job runs one <c>RunPending</c> call makes before it gives up with an exception: a job that enqueues
    /// itself would otherwise run forever. Default 1000.
    /// </summary>
    public int MaxRunsPerCall { get; set; } = 1000;

    /// <summary>Where the runs log (failures, retries), as a server would. Default null: the services' logger factory with <c>AddEmberTesting</c>, else none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Throws an exception naming the first option that is out of range and how to fix it.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
            throw new InvalidOperationException($"EmberTestingOptions.Mode must be Manual or Inline (was {(int)Mode}).");
        if (MaxRunsPerCall < 1)
            throw new InvalidOperationException($"EmberTestingOptions.MaxRunsPerCall must be at least 1 (was {MaxRunsPerCall}); it stops a job that enqueues itself, e.g. 1000.");
        EmberOptions?.Validate();
    }
}
