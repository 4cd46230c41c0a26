namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobQueries.GetJobsAsync"/>.</summary>
/// <param name="State">The state to list.</param>
/// <param name="Offset">How many of the newest to skip.</param>
/// <param name="Count">Page size.</param>
/// <param name="Queue">Only jobs of this queue, when given.</param>
public sealed record JobListRequest(JobState State, int Offset, int Count, string? Queue = null);
