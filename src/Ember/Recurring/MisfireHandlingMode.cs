namespace Ember;

/// <summary>
/// What a recurring job does about occurrences missed while no server ran (downtime, deploys). Hangfire's names
/// (<see cref="Relaxed"/>, <see cref="Strict"/>, <see cref="Ignorable"/>) are the same values as Ember's.
/// </summary>
public enum MisfireHandlingMode
{
    /// <summary>One run now for all that were missed, then back on schedule. The default (as Hangfire).</summary>
    RunOnce = 0,

    /// <summary>One run per missed occurrence (at most 1,000), then back on schedule.</summary>
    RunAll = 1,

    /// <summary>No run for occurrences missed by more than a minute; back on schedule.</summary>
    Skip = 2,

    /// <summary>Hangfire's name for <see cref="RunOnce"/>.</summary>
    Relaxed = RunOnce,

    /// <summary>Hangfire's name for <see cref="RunAll"/>.</summary>
    Strict = RunAll,

    /// <summary>Hangfire's name for <see cref="Skip"/>.</summary>
    Ignorable = Skip,
}
