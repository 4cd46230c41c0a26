namespace Ember;

/// <summary>When a continuation of a batch runs, by how the batch finished (Hangfire Pro's names).</summary>
#pragma warning disable CA1008 // Zero is OnAnyFinishedState, as JobContinuationOptions' zero is.
public enum BatchContinuationOptions
#pragma warning restore CA1008
{
    /// <summary>When every member of the batch finished: succeeded, failed for good or deleted (or the batch was cancelled).</summary>
    OnAnyFinishedState = JobContinuationOptions.OnAnyFinishedState,

    /// <summary>Only when every member of the batch succeeded. Otherwise the continuation is deleted. The default.</summary>
    OnlyOnSucceededState = JobContinuationOptions.OnlyOnSucceededState,
}
