using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

/// <summary>
/// Notices when the database file is deleted, moved, replaced or emptied under a running store. SQLite keeps writing to
/// the file it opened, even once no name leads to it any more: every job written from then on would vanish at the next
/// restart, silently. So the store checks the file's identity, at most once a second before a write and whenever a
/// write fails, and once it changed it stops for good, with an error naming the file.
/// </summary>
/// <remarks>
/// Identity: the name still leads to the file the write connection holds (SQLite's own <c>SQLITE_FCNTL_HAS_MOVED</c>,
/// which compares the inode of the path with the open file's on Unix), the file exists, and it isn't empty once it
/// wasn't (SQLite never shrinks a database below one page). A copy written over the same file in place keeps its
/// inode and size, and is left to SQLite, which reports such a file as malformed.
/// </remarks>
internal sealed class DatabaseFileGuard(string path)
{
    /// <summary>How often a write checks, at most: one stat of the file, a few microseconds.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int FileControlHasMoved = 20; // SQLITE_FCNTL_HAS_MOVED
    private static readonly byte[] MainDatabase = "main\0"u8.ToArray();
    private static bool _fileControlMissing;

    private long _nextCheck;
    private bool _seenNonEmpty;
    private volatile InvalidOperationException? _lost;

    /// <summary>Throws the error that stopped the store, if it stopped.</summary>
    public void ThrowIfLost()
    {
        if (_lost is { } lost) throw new InvalidOperationException(lost.Message, lost);
    }

    /// <summary>Checks the file when the last check is older than <see cref="Interval"/>. Under the write gate.</summary>
    public void CheckIfDue(SqliteConnection writer)
    {
        var now = Environment.TickCount64;
        if (now < _nextCheck) return;
        _nextCheck = now + (long)Interval.TotalMilliseconds;
        Check(writer, failure: null);
    }

    /// <summary>
    /// Checks the file now (after a failed write, before its connection is dropped: a new one would open whatever the
    /// name leads to now). Throws, and stops the store, when the file is no longer the one the store opened.
    /// </summary>
    public void Check(SqliteConnection writer, Exception? failure)
    {
        ThrowIfLost();
        string? what = null;
        var file = new FileInfo(path);
        if (!file.Exists) what = "deleted or moved away";
        else if (HasMoved(writer)) what = "replaced by another file (or moved, and another put in its place)";
        else if (file.Length == 0 && _seenNonEmpty) what = "emptied";
        else if (file.Length > 0) _seenNonEmpty = true;
        if (what is null) return;
        _lost = new InvalidOperationException(
            $"The SQLite database file '{path}' was {what} while Ember had it open. What was written since went to a file " +
            "no name leads to any more, and would be lost at the next restart, so this store stopped: every operation fails " +
            "from now on. Put the database file back (or restore a backup), then restart the process. Don't delete, move or " +
            "replace the database of a running Ember; stop it first.", failure);
        throw _lost;
    }

    private static bool HasMoved(SqliteConnection writer)
    {
        if (_fileControlMissing || writer.Handle is not { } handle) return false;
        try
        {
            var moved = 0;
            // Not SQLITE_OK (12, SQLITE_NOTFOUND, on a VFS that doesn't know the question): no answer, not "moved".
            return FileControl(handle.DangerousGetHandle(), MainDatabase, FileControlHasMoved, ref moved) == 0 && moved != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another SQLite bundle than e_sqlite3: the existence and size checks remain.
            _fileControlMissing = true;
            return false;
        }
    }

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern int FileControl(IntPtr db, byte[] name, int op, ref int result);
}
