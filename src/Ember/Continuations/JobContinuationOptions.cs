namespace Ember;

/// <summary>
/// When a continuation runs, by how its parent finished (Succeeded, Failed for good, or Deleted): Hangfire's flags,
/// with the same values, combined with <c>|</c>, plus <see cref="OnlyOnFailedState"/>. When the parent finishes in a
/// state the options don't name, the continuation is Deleted, and so are its own continuations that don't run then.
/// </summary>
[Flags]
#pragma warning disable CA1008 // Zero is Hangfire's OnAnyFinishedState, kept for source and value compatibility.
public enum JobContinuationOptions
#pragma warning restore CA1008
{
    /// <summary>Whenever the parent finished: Succeeded, Failed (retries exhausted) or Deleted.</summary>
    OnAnyFinishedState = 0,

    /// <summary>When the parent Succeeded. The default of every ContinueJobWith.</summary>
    OnlyOnSucceededState = 1,

    /// <summary>When the parent was Deleted.</summary>
    OnlyOnDeletedState = 2,

    /// <summary>When the parent Failed for good (its retries exhausted): Hangfire has no such option.</summary>
    OnlyOnFailedState = 4,
}
