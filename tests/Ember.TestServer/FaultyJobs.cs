using System.Runtime.CompilerServices;

namespace Ember.TestServer;

/// <summary>
/// Jobs that misbehave, for the chaos suite. Each records its start in the ledger (see <see cref="LedgerJobs"/>), so the
/// harness can tell a run that started from one that never did.
/// </summary>
public static class FaultyJobs
{
    [AutomaticRetry(Attempts = 0)]
    public static void Throw(string ledger, string key)
    {
        LedgerJobs.Start(ledger, key);
        throw new InvalidOperationException($"Planned failure of {key}");
    }

    /// <summary>Waits on its token only: fails with the server's JobTimeout.</summary>
    [AutomaticRetry(Attempts = 0)]
    public static async Task HangAsync(string ledger, string key, CancellationToken token)
    {
        LedgerJobs.Start(ledger, key);
        await Task.Delay(Timeout.Infinite, token);
    }

    /// <summary>Allocates and touches <paramref name="megabytes"/> MB in 1 MB arrays, so the memory is really committed.</summary>
    public static void Allocate(string ledger, string key, int megabytes)
    {
        LedgerJobs.Start(ledger, key);
        var blocks = new byte[megabytes][];
        for (var i = 0; i < megabytes; i++)
        {
            blocks[i] = new byte[1 << 20];
            for (var j = 0; j < blocks[i].Length; j += 4096) blocks[i][j] = 1;
        }
        GC.KeepAlive(blocks);
        LedgerJobs.Record(ledger, key);
    }

    /// <summary>
    /// Kills its process with <see cref="Environment.FailFast(string)"/> on its first <paramref name="crashes"/> runs,
    /// then succeeds: a job that crashes its server until the fault goes away.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void FailFast(string ledger, string key, int crashes)
    {
        var runs = LedgerJobs.Count(ledger, key, "started");
        LedgerJobs.Start(ledger, key);
        if (runs < crashes) Environment.FailFast($"Planned crash of {key}");
        LedgerJobs.Record(ledger, key);
    }

    /// <summary>
    /// Kills its process on every run: a poison job. It allows one interruption, so after its second interrupted run it
    /// ends Failed instead of taking down server after server.
    /// </summary>
    [AutomaticRetry(Interruptions = 1)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AlwaysFailFast(string ledger, string key)
    {
        LedgerJobs.Start(ledger, key);
        Environment.FailFast($"Planned crash of {key}, on every run");
    }

    /// <summary>Returns a faulted task without awaiting anything.</summary>
    [AutomaticRetry(Attempts = 0)]
    public static Task FaultedAsync(string ledger, string key)
    {
        LedgerJobs.Start(ledger, key);
        return Task.FromException(new InvalidOperationException($"Faulted synchronously: {key}"));
    }

    /// <summary>Does nothing: for the soak, where the store, not the ledger, counts the runs.</summary>
    public static void Noop()
    {
    }
}
