namespace Ember.Testing;

/// <summary>When a <see cref="TestBackgroundJobClient"/> runs the jobs it records (Oban's testing modes).</summary>
public enum EmberTestingMode
{
    /// <summary>
    /// Jobs only wait in the client until the test calls <see cref="TestBackgroundJobClient.RunPendingAsync(CancellationToken)"/>:
    /// assert on what was enqueued, then run it. The default.
    /// </summary>
    Manual,

    /// <summary>
    /// Every enqueue (and trigger, requeue or delete) runs the pending jobs before it returns, as if a server took them
    /// at once. Scheduled jobs still wait for the clock, and continuations for their parent.
    /// </summary>
    Inline,
}
