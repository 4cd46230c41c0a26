using Ember.ProcessTests;

namespace Ember.Chaos;

/// <summary>
/// The server processes of one scenario on one store: started with the same arguments, killed or stopped on demand,
/// and replaced when one dies. It remembers every server that died without a graceful stop (killed, or crashed by a
/// job), because only their runs may run twice.
/// </summary>
public sealed class Cluster(StoreProcessFixture fixture, string[] arguments) : IDisposable
{
    private readonly List<ServerProcess> _servers = [];
    private readonly HashSet<string> _died = new(StringComparer.Ordinal);
    private readonly Random _random = new();

    public IReadOnlyList<ServerProcess> Servers => _servers;

    /// <summary>Ids of the servers that died without a graceful stop.</summary>
    public IReadOnlySet<string> Died => _died;

    public int Kills { get; private set; }

    public int Crashes { get; private set; }

    public int Terminations { get; private set; }

    public async Task StartAsync(int count, params string[] extra)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => fixture.StartServerAsync([.. arguments, .. extra])));
        _servers.AddRange(started);
    }

    /// <summary>kill -9 of a random running server, and a replacement started in its place.</summary>
    public async Task<ServerProcess> KillOneAsync()
    {
        var victim = _servers[_random.Next(_servers.Count)];
        victim.Kill();
        _died.Add(victim.Id);
        Kills++;
        await ReplaceAsync(victim);
        return victim;
    }

    /// <summary>SIGTERM of a random server: it must exit 0 after handing back what it could not finish.</summary>
    public async Task<int> TerminateOneAsync()
    {
        var victim = _servers[_random.Next(_servers.Count)];
        var exitCode = await victim.TerminateAsync();
        Terminations++;
        await ReplaceAsync(victim);
        return exitCode;
    }

    /// <summary>Replaces servers whose process ended on its own (a job called Environment.FailFast); returns how many.</summary>
    public async Task<int> ReplaceCrashedAsync()
    {
        var crashed = _servers.Where(s => s.HasExited).ToArray();
        foreach (var server in crashed)
        {
            _died.Add(server.Id);
            Crashes++;
            await ReplaceAsync(server);
        }
        return crashed.Length;
    }

    /// <summary>Stops every server gracefully, so that their outcomes are written before the accounting.</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(_servers.Where(s => !s.HasExited).Select(s => s.TerminateAsync()));
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        _servers.Clear();
    }

    private async Task ReplaceAsync(ServerProcess old)
    {
        _servers.Remove(old);
        old.Dispose();
        _servers.Add(await fixture.StartServerAsync(arguments));
    }
}
