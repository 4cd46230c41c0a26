namespace Ember.TestServer;

/// <summary>
/// Jobs that record every run in a ledger folder independent of the store: one empty file per event, named
/// <c>{key}.{event}.{pid}.{unique}</c>, so runs in any number of processes can be counted exactly afterwards.
/// </summary>
public static class LedgerJobs
{
    public static void Record(string ledger, string key) => Write(ledger, key, "done");

    public static async Task SlowAsync(string ledger, string key, int milliseconds, CancellationToken token)
    {
        Write(ledger, key, "started");
        await Task.Delay(milliseconds, token);
        Write(ledger, key, "done");
    }

    /// <summary>Records that a run began; <see cref="Record"/> records that it finished.</summary>
    public static void Start(string ledger, string key) => Write(ledger, key, "started");

    /// <summary>Records the run and receives a large argument, whose length is checked so it can't be trimmed unseen.</summary>
    public static void RecordLength(string ledger, string key, string payload, int length)
    {
        if (payload.Length != length) throw new InvalidOperationException($"{key}: payload of {payload.Length} characters, expected {length}");
        Write(ledger, key, "done");
    }

    public static int Count(string ledger, string key, string @event) =>
        Directory.EnumerateFiles(ledger, $"{key}.{@event}.*").Count();

    private static void Write(string ledger, string key, string @event) =>
        File.WriteAllBytes(Path.Combine(ledger, $"{key}.{@event}.{Environment.ProcessId}.{Guid.NewGuid():N}"), []);
}
