using Microsoft.Extensions.DependencyInjection;

namespace Ember;

/// <summary>
/// A static facade over <see cref="Manager"/> for code without dependency injection, as in Hangfire. Its overloads
/// (every shape of <see cref="RecurringJobManagerExtensions"/>) are generated in RecurringJob.Generated.cs.
/// It works from <c>builder.Build()</c> on; prefer injecting <see cref="IRecurringJobManager"/>.
/// </summary>
public static partial class RecurringJob
{
    private static IRecurringJobManager? _manager;

    /// <summary>
    /// The manager used by the static methods: the one set here, or else the application's, from the last host built
    /// with <c>AddEmber</c> (usable from <c>builder.Build()</c> on, before the host starts).
    /// </summary>
    /// <exception cref="InvalidOperationException">When no host with Ember has been built and none was set; the message says what to do.</exception>
    public static IRecurringJobManager Manager
    {
        get => _manager ?? StaticFacadeServices.Current?.GetRequiredService<IRecurringJobManager>()
            ?? throw new InvalidOperationException(StaticFacadeServices.Missing(nameof(RecurringJob), nameof(Manager), "new RecurringJobManager(store)"));
        set => _manager = value ?? throw new ArgumentNullException(nameof(value));
    }

    // A newly built host's services take over from a manager set before.
    internal static void Reset() => _manager = null;

    /// <summary>Runs a recurring job now, outside its schedule; returns the new job's id, or null when there is no such recurring job.</summary>
    public static string? TriggerJob(string recurringJobId) => Manager.TriggerJob(recurringJobId);

    /// <summary>The same as <see cref="TriggerJob"/> (Hangfire's older name).</summary>
    public static string? Trigger(string recurringJobId) => Manager.TriggerJob(recurringJobId);

    /// <summary>Runs a recurring job now; returns the new job's id, or null when there is no such recurring job.</summary>
    public static Task<string?> TriggerJobAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        Manager.TriggerAsync(recurringJobId, cancellationToken);

    /// <summary>Removes a recurring job if it exists; returns whether it existed.</summary>
    public static bool RemoveIfExists(string recurringJobId) => Manager.RemoveIfExists(recurringJobId);

    /// <summary>Removes a recurring job if it exists; returns whether it existed.</summary>
    public static Task<bool> RemoveIfExistsAsync(string recurringJobId, CancellationToken cancellationToken = default) =>
        Manager.RemoveIfExistsAsync(recurringJobId, cancellationToken);

    /// <summary>Pauses a recurring job: it fires nothing until resumed; see <see cref="IRecurringJobManager.PauseAsync"/>. Returns whether it exists.</summary>
    public static bool Pause(string recurringJobId) => Manager.PauseAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>Pauses a recurring job; see <see cref="IRecurringJobManager.PauseAsync"/>.</summary>
    public static Task<bool> PauseAsync(string recurringJobId, CancellationToken cancellationToken = default) => Manager.PauseAsync(recurringJobId, cancellationToken);

    /// <summary>Resumes a paused recurring job (missed occurrences follow its misfire mode); see <see cref="IRecurringJobManager.ResumeAsync"/>. Returns whether it exists.</summary>
    public static bool Resume(string recurringJobId) => Manager.ResumeAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>Resumes a paused recurring job; see <see cref="IRecurringJobManager.ResumeAsync"/>.</summary>
    public static Task<bool> ResumeAsync(string recurringJobId, CancellationToken cancellationToken = default) => Manager.ResumeAsync(recurringJobId, cancellationToken);
}
