namespace Ember.Storage;

/// <summary>
/// What a job reports about itself, saved with it (<see cref="IJobStore.UpdateJobDataAsync"/>): parameters set,
/// its progress, lines for its log. Everything given is written at once; what is null is left as it is.
/// </summary>
/// <param name="JobId">The job.</param>
public sealed record UpdateJobDataRequest(string JobId)
{
    /// <summary>
    /// When set, the update applies only while the job runs under this lease (a run that lost its lease writes
    /// nothing); when null, to the job in any state.
    /// </summary>
    public string? LeaseToken { get; init; }

    /// <summary>Parameters to set (JSON values by name); a null value removes the parameter.</summary>
    public IReadOnlyDictionary<string, string?>? Parameters { get; init; }

    /// <summary>The job's progress in percent (0 to 100).</summary>
    public int? Progress { get; init; }

    /// <summary>Lines to append to the job's log, oldest first.</summary>
    public IReadOnlyList<JobLogLine>? LogLines { get; init; }

    /// <summary>How many lines the job's log keeps: beyond it, the oldest are dropped.</summary>
    public int MaxLogLines { get; init; } = 1000;
}
