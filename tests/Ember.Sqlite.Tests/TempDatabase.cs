using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Sqlite.Tests;

/// <summary>A database file in a fresh temp directory of its own; disposing deletes the directory (-wal, -shm too).</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ember-sqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "ember.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public SqliteJobStore CreateStore(TimeProvider? time = null, bool prepareSchema = true, TimeSpan? commitCheckInterval = null) =>
        new(new SqliteStoreOptions { ConnectionString = ConnectionString, PrepareSchemaIfNecessary = prepareSchema, CommitCheckInterval = commitCheckInterval ?? new SqliteStoreOptions().CommitCheckInterval }, time ?? new FakeTimeProvider());

    /// <summary>A plain connection to the file, outside any store, for looking at what the store wrote.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere (Windows): leave it to the temp cleaner rather than fail the test.
        }
    }
}
