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

    public static int Count(string ledger, string key, string @event) =>
        Directory.EnumerateFiles(ledger, $"{key}.{@event}.*").Count();

    private static void Write(string ledger, string key, string @event) =>
        File.WriteAllBytes(Path.Combine(ledger, $"{key}.{@event}.{Environment.ProcessId}.{Guid.NewGuid():N}"), []);
}
