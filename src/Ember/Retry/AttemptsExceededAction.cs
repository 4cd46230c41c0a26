namespace Ember;

/// <summary>What happens to a job when its retries run out.</summary>
public enum AttemptsExceededAction
{
    /// <summary>It moves to Failed and stays there until someone requeues or deletes it.</summary>
    Fail,

    /// <summary>It moves to Deleted and expires like any deleted job.</summary>
    Delete,
}
