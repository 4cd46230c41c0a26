namespace Ember;

/// <summary>When a continuation runs, relative to how its parent finished (Succeeded, Failed or Deleted).</summary>
public enum JobContinuationOptions
{
    /// <summary>Only when the parent Succeeded; when it Failed or was Deleted, the continuation is Deleted. The default.</summary>
    OnlyOnSucceededState,

    /// <summary>Whenever the parent finished: Succeeded, Failed (retries exhausted) or Deleted.</summary>
    OnAnyFinishedState,
}
