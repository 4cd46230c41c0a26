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

    /// <summary>
    /// As <see cref="SlowAsync"/>, with the moment the run began written into its "started" file, in milliseconds since
    /// the Unix epoch from this process's clock (the clock its store reads): finer and steadier than a file's time,
    /// which the kernel takes from a coarse clock a tick behind.
    /// </summary>
    public static async Task TimedAsync(string ledger, string key, int milliseconds, CancellationToken token)
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        File.WriteAllText(Path.Combine(ledger, $"{key}.started.{Environment.ProcessId}.{Guid.NewGuid():N}"), at.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    /// <summary>Records the trace the run is part of, as event "trace-{trace id}" (the server needs --trace on).</summary>
    public static void RecordTrace(string ledger, string key) =>
        Write(ledger, key, "trace-" + (System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? "none"));

    /// <summary>As <see cref="RecordTrace"/>, failing its first run: the retry must run in the same trace.</summary>
    [AutomaticRetry(Attempts = 1, DelaysInSeconds = [0])]
    public static void RecordTraceFailingOnce(string ledger, string key)
    {
        RecordTrace(ledger, key);
        if (Directory.EnumerateFiles(ledger, $"{key}.trace-*").Count() == 1) throw new InvalidOperationException("first run fails");
    }

    /// <summary>The events of a key (the part after "{key}."), one per file.</summary>
    public static IReadOnlyList<string> Events(string ledger, string key) =>
        [.. Directory.EnumerateFiles(ledger, $"{key}.*").Select(f => Path.GetFileName(f)[(key.Length + 1)..].Split('.')[0])];

    public static int Count(string ledger, string key, string @event) =>
        Directory.EnumerateFiles(ledger, $"{key}.{@event}.*").Count();

    private static void Write(string ledger, string key, string @event) =>
        File.WriteAllBytes(Path.Combine(ledger, $"{key}.{@event}.{Environment.ProcessId}.{Guid.NewGuid():N}"), []);
}
