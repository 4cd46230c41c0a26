using Xunit;

namespace Ember.Storage.Conformance;

// The server registry: heartbeats, graceful removal, and removal of servers that went silent.
public abstract partial class JobStoreConformanceTests
{
    private Task HeartbeatAsync(string serverId, string name = "host:42", int workerCount = 4, params string[] queues) =>
        Store.HeartbeatAsync(new ServerHeartbeat(serverId, name, workerCount, queues.Length > 0 ? queues : ["critical", "default"], Start.AddSeconds(-30)));

    private async Task<IReadOnlyList<string>> GetServerIdsAsync() =>
        (await Store.Queries.GetServersAsync()).Select(s => s.ServerId).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Heartbeat_registers_the_server()
    {
        Advance(5);

        await HeartbeatAsync("server-a", "web-1:1234", 8, "critical", "default", "low");

        var server = Assert.Single(await Store.Queries.GetServersAsync());
        Assert.Equal(
            ("server-a", "web-1:1234", 8, Start.AddSeconds(-30), Start.AddSeconds(5)),
            (server.ServerId, server.Name, server.WorkerCount, server.StartedAt, server.LastHeartbeat));
        Assert.Equal(["critical", "default", "low"], server.Queues);
    }

    [Fact]
    public async Task Heartbeat_of_a_registered_server_updates_it()
    {
        await HeartbeatAsync("server-a", "web-1:1234", 8, "default");
        Advance(15);

        await HeartbeatAsync("server-a", "web-1:1234", 2, "mail", "default");

        var server = Assert.Single(await Store.Queries.GetServersAsync());
        Assert.Equal((2, Start.AddSeconds(15)), (server.WorkerCount, server.LastHeartbeat));
        Assert.Equal(["mail", "default"], server.Queues);
    }

    [Fact]
    public async Task RemoveServer_unregisters_only_that_server()
    {
        await HeartbeatAsync("server-a");
        await HeartbeatAsync("server-b");

        await Store.RemoveServerAsync("server-a");
        await Store.RemoveServerAsync("never-registered");

        Assert.Equal(["server-b"], await GetServerIdsAsync());
    }

    [Fact]
    public async Task RemoveDeadServers_removes_servers_silent_for_longer_than_the_timeout()
    {
        await HeartbeatAsync("silent");
        await HeartbeatAsync("alive");
        Advance(30);
        await HeartbeatAsync("recent");
        await HeartbeatAsync("alive");
        Advance(40);

        Assert.Equal(1, await Store.RemoveDeadServersAsync(new RemoveDeadServersRequest(TimeSpan.FromMinutes(1))));

        Assert.Equal(["alive", "recent"], await GetServerIdsAsync());
    }

    [Fact]
    public async Task RemoveDeadServers_keeps_servers_within_the_timeout()
    {
        await HeartbeatAsync("server-a");
        Advance(59);

        Assert.Equal(0, await Store.RemoveDeadServersAsync(new RemoveDeadServersRequest(TimeSpan.FromMinutes(1))));
        Assert.Equal(["server-a"], await GetServerIdsAsync());
    }
}
