using Ember.Storage;

namespace Ember.Benchmarks.Storage;

/// <summary>
/// One store under test, opened for one run and cleaned up after it. Each kind of store is a subclass that creates a
/// fresh file, database or key prefix per instance and removes it on dispose. The modes only see <see cref="IJobStore"/>.
/// </summary>
internal abstract class BenchStorage : IAsyncDisposable
{
    /// <summary>The --storage names this program knows.</summary>
    public static readonly IReadOnlyList<string> Names = ["inmemory", "sqlite", "postgres", "redis"];

    public abstract IJobStore Store { get; }

    /// <summary>
    /// The arguments with which another process opens this very store (--cross-process latency), or null when the
    /// store lives in this process only.
    /// </summary>
    public virtual IReadOnlyList<string>? SharedWithChildArguments => null;

    /// <summary>
    /// Lets the store's database finish the upkeep that the writes before a measured run left it (PostgreSQL: vacuum
    /// and checkpoint), so that the run measures the store in the state it would be in after hours of the same work,
    /// not the minute after a million writes. Nothing to do for stores without such upkeep.
    /// </summary>
    public virtual Task SettleAsync() => Task.CompletedTask;

    /// <summary>Opens a new, empty store of the kind named by --storage (or the existing one named by --shared).</summary>
    public static async Task<BenchStorage> OpenAsync(BenchOptions options) => options.Storage switch
    {
        "inmemory" => new InMemoryBenchStorage(),
        "sqlite" => SqliteBenchStorage.Open(options.Shared),
        "postgres" => await PostgreSqlBenchStorage.OpenAsync(options.PostgreSql, options.Shared, options.StoreStats).ConfigureAwait(false),
        "redis" => await RedisBenchStorage.OpenAsync(options.Redis, options.Shared).ConfigureAwait(false),
        _ => throw new ArgumentException($"Unknown --storage '{options.Storage}'; use one of {string.Join(", ", Names)}."),
    };

    public abstract ValueTask DisposeAsync();
}
