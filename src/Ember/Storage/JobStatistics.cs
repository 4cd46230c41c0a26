namespace Ember.Storage;

/// <summary>What the dashboard's overview polls: counts per state and running totals, read in one cheap call.</summary>
/// <param name="Counts">How many jobs are in each state now (every state present, zero when empty).</param>
/// <param name="Succeeded">How many times a job has entered Succeeded since the store was created; never decreases,
/// so the difference between two reads is what happened in between.</param>
/// <param name="Failed">How many times a job has entered Failed since the store was created; never decreases.</param>
public sealed record JobStatistics(IReadOnlyDictionary<JobState, long> Counts, long Succeeded, long Failed);
