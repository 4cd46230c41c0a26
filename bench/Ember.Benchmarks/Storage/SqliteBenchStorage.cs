using Ember.Sqlite;
using Ember.Storage;
using Microsoft.Data.Sqlite;

namespace Ember.Benchmarks.Storage;

/// <summary>A SQLite file with default store options, in a temporary folder deleted afterwards (-wal and -shm too).</summary>
internal sealed class SqliteBenchStorage : BenchStorage
{
    private readonly SqliteJobStore _store;
    private readonly string? _ownedFolder;

    private SqliteBenchStorage(string file, string? ownedFolder)
    {
        _store = new SqliteJobStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
        _ownedFolder = ownedFolder;
        File = file;
    }

    public string File { get; }

    public override IJobStore Store => _store;

    public override IReadOnlyList<string> SharedWithChildArguments => ["--storage", "sqlite", "--shared", File];

    /// <param name="existingFile">A file another process created and will delete, or null for a fresh temporary one.</param>
    public static SqliteBenchStorage Open(string? existingFile)
    {
        if (existingFile is not null) return new SqliteBenchStorage(existingFile, ownedFolder: null);
        var folder = Directory.CreateTempSubdirectory("ember-bench-").FullName;
        return new SqliteBenchStorage(Path.Combine(folder, "ember.db"), folder);
    }

    public override ValueTask DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        if (_ownedFolder is not null) Directory.Delete(_ownedFolder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
