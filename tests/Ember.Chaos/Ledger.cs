namespace Ember.Chaos;

/// <summary>
/// The ledger folder written by the test server's jobs (<c>{key}.{event}.{pid}.{unique}</c>), read in one pass: for
/// each key, how many runs started and how many finished. It is independent of the store, so a job the store calls
/// Succeeded but that never ran, or one that ran twice, shows here.
/// </summary>
public sealed class Ledger
{
    private readonly Dictionary<string, int> _started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _firstStarted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _firstDone = new(StringComparer.Ordinal);

    private Ledger()
    {
    }

    /// <summary>
    /// Reads the folder; with <paramref name="times"/>, also when each key first started and first finished, from the
    /// files' modification times: one kernel clock for every process, so they order runs across servers.
    /// </summary>
    public static Ledger Read(string folder, bool times = false)
    {
        var ledger = new Ledger();
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (parts.Length < 2) continue;
            var counts = parts[1] == "done" ? ledger._done : parts[1] == "started" ? ledger._started : null;
            if (counts is null) continue;
            counts[parts[0]] = counts.GetValueOrDefault(parts[0]) + 1;
            if (!times) continue;
            var first = counts == ledger._done ? ledger._firstDone : ledger._firstStarted;
            var at = File.GetLastWriteTimeUtc(path);
            if (!first.TryGetValue(parts[0], out var earlier) || at < earlier) first[parts[0]] = at;
        }
        return ledger;
    }

    public int Started(string key) => _started.GetValueOrDefault(key);

    public int Done(string key) => _done.GetValueOrDefault(key);

    public DateTime? FirstStarted(string key) => _firstStarted.TryGetValue(key, out var at) ? at : null;

    public DateTime? FirstDone(string key) => _firstDone.TryGetValue(key, out var at) ? at : null;
}
