namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobQueries.GetJobsAsync"/>. The optional filters combine (all must hold).</summary>
/// <param name="State">The state to list.</param>
/// <param name="Offset">How many of the newest matching jobs to skip.</param>
/// <param name="Count">Page size.</param>
/// <param name="Queue">Only jobs of this queue, when given.</param>
public sealed record JobListRequest(JobState State, int Offset, int Count, string? Queue = null)
{
    /// <summary>
    /// Only jobs whose id equals this text or whose serialized invocation (type, method and arguments) contains it,
    /// ignoring the case of ASCII letters. The text is matched literally (no wildcards). A store may cap how many jobs
    /// of the state a search examines, newest first, and says so in its documentation.
    /// </summary>
    public string? Search { get; init; }

    /// <summary>Only jobs whose last error has this exception type (full name), when given.</summary>
    public string? ExceptionType { get; init; }

    /// <summary>
    /// Only jobs older than this one (a smaller id), when given: the page that follows one ending with this job. Walking
    /// a list by key rather than by <see cref="Offset"/> skips no job when others leave or join the list meanwhile.
    /// </summary>
    public string? BeforeId { get; init; }

    /// <summary>Only jobs that have a last error: with <see cref="JobState.Scheduled"/>, the jobs waiting to retry.</summary>
    public bool WithErrorOnly { get; init; }
}
