namespace Ember;

/// <summary>
/// A static facade over <see cref="Manager"/> for code without dependency injection, as in Hangfire. Its overloads
/// (every shape of <see cref="RecurringJobManagerExtensions"/>) are generated in RecurringJob.Generated.cs.
/// <c>AddEmber</c> sets <see cref="Manager"/> when the host starts; prefer injecting <see cref="IRecurringJobManager"/>.
/// </summary>
public static partial class RecurringJob
{
    private static IRecurringJobManager? _manager;

    /// <summary>The manager used by the static methods.</summary>
    /// <exception cref="InvalidOperationException">When read before it was set.</exception>
    public static IRecurringJobManager Manager
    {
        get => _manager ?? throw new InvalidOperationException("RecurringJob.Manager is not set. Register Ember with services.AddEmber(...) and start the host, or set RecurringJob.Manager = new RecurringJobManager(store).");
        set => _manager = value;
    }

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
}
