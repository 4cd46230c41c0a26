namespace Ember;

/// <summary>What a recurring job does about occurrences missed while no server ran (downtime, deploys).</summary>
public enum MisfireHandling
{
    /// <summary>One run now for all that were missed, then back on schedule. The default (as Hangfire).</summary>
    RunOnce,

    /// <summary>One run per missed occurrence (at most 1,000), then back on schedule.</summary>
    RunAll,

    /// <summary>No run for occurrences missed by more than a minute; back on schedule.</summary>
    Skip,
}
