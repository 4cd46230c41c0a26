namespace Ember.Dashboard.Rendering;

/// <summary>How states are named in URLs and shown on pages.</summary>
internal static class JobStates
{
    /// <summary>The states in the order the pages list them: the way a job usually travels.</summary>
    public static readonly JobState[] Ordered =
        [JobState.Enqueued, JobState.Scheduled, JobState.Awaiting, JobState.Processing, JobState.Succeeded, JobState.Failed, JobState.Deleted];

    /// <summary>The state's name in URLs: lower case.</summary>
    public static string Slug(JobState state) => state.ToString().ToLowerInvariant();

    /// <summary>The state a URL names, or null.</summary>
    public static JobState? FromSlug(string? slug) =>
        Enum.TryParse<JobState>(slug, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(slug, out _) ? state : null;

    /// <summary>A state badge.</summary>
    public static Markup Badge(JobState state) => new($"<span class=\"badge s-{Slug(state)}\">{state}</span>");

    /// <summary>The states a user can requeue from (every state but Enqueued, docs/states.md).</summary>
    public static bool CanRequeue(JobState state) => state != JobState.Enqueued;

    /// <summary>The states a user can delete from (every state but Deleted).</summary>
    public static bool CanDelete(JobState state) => state != JobState.Deleted;
}
