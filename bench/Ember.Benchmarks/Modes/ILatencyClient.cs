namespace Ember.Benchmarks.Modes;

/// <summary>Whoever enqueues the latency jobs: this process, or a child process on the same store.</summary>
internal interface ILatencyClient : IAsyncDisposable
{
    /// <summary>Enqueues one <see cref="BenchJobs.Started"/> job stamped with the time just before the enqueue call.</summary>
    Task EnqueueAsync();
}
