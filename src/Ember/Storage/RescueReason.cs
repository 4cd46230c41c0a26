namespace Ember.Storage;

/// <summary>
/// The reason every store writes on the Enqueued history entry of a rescued job
/// (<see cref="IJobStore.RescueExpiredLeasesAsync"/>). The core reads it back: a rescued run was interrupted by its
/// server stopping, and interrupted runs spend the job's retries as failures do.
/// </summary>
public static class RescueReason
{
    /// <summary>What the reason begins with; the rest names the server whose lease expired.</summary>
    public const string Prefix = "Rescued:";

    /// <summary>The reason for a job held by the given server.</summary>
    public static string For(string? serverId) => $"{Prefix} the lease of server {serverId} expired";

    /// <summary>Whether a history entry records a rescue.</summary>
    public static bool IsRescue(StateHistoryEntry entry) =>
        entry.State == JobState.Enqueued && entry.Reason is { } reason && reason.StartsWith(Prefix, StringComparison.Ordinal);
}
