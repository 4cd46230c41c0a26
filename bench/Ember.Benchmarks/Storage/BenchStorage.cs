using Ember.Storage;

namespace Ember.Benchmarks.Storage;

/// <summary>
/// One store under test, opened for one run and cleaned up after it. Each kind of store is a subclass; to add one
/// (PostgreSQL, Redis), write a subclass that creates a fresh database or key prefix per instance and drops it on
/// dispose, and add its name to <see cref="Open"/>. The modes only see <see cref="IJobStore"/>.
/// </summary>
internal abstract class BenchStorage : IAsyncDisposable
{
    /// <summary>The --storage names this program knows, including those whose store does not exist yet.</summary>
    public static readonly IReadOnlyList<string> Names = ["inmemory", "sqlite", "postgres", "redis"];

    public abstract IJobStore Store { get; }

    /// <summary>
    /// The arguments with which another process opens this very store (--cross-process latency), or null when the
    /// store lives in this process only.
    /// </summary>
    public virtual IReadOnlyList<string>? SharedWithChildArguments => null;

    /// <summary>Opens a new, empty store of the kind named by --storage (or the existing one named by --sqlite-file).</summary>
    public static BenchStorage Open(BenchOptions options) => options.Storage switch
    {
        "inmemory" => new InMemoryBenchStorage(),
        "sqlite" => SqliteBenchStorage.Open(options.SqliteFile),
        // Extension points: the PostgreSQL and Redis stores are not wired in yet. Each needs a subclass that opens a
        // fresh database or key prefix (as the anchor does) and drops it on dispose, plus the connection options.
        "postgres" or "redis" => throw new NotSupportedException(
            $"The benchmark does not run the {options.Storage} store yet: add a BenchStorage subclass for it in bench/Ember.Benchmarks/Storage and name it here."),
        _ => throw new ArgumentException($"Unknown --storage '{options.Storage}'; use one of {string.Join(", ", Names)}."),
    };

    public abstract ValueTask DisposeAsync();
}
