namespace Ember.Storage;

/// <summary>One transition in a job's history.</summary>
/// <param name="State">The state entered.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, if said.</param>
/// <param name="ServerId">The server that made the change, if any.</param>
/// <param name="Error">The exception that led here, if any.</param>
/// <param name="Duration">For a run's outcome: how long the run took.</param>
public sealed record StateHistoryEntry(JobState State, DateTimeOffset At, string? Reason, string? ServerId, JobError? Error, TimeSpan? Duration);
