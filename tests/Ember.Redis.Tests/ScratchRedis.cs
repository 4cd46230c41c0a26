using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Ember.Redis.Tests;

/// <summary>
/// A redis-server of the test's own, on a free loopback port, without persistence, for settings that would disturb
/// the shared test Redis (a memory limit, an eviction policy). Needs redis-server on the PATH, as ./test.sh installs.
/// </summary>
internal sealed class ScratchRedis : IAsyncDisposable
{
    private readonly Process _process;

    private ScratchRedis(Process process, string configuration)
    {
        _process = process;
        Configuration = configuration;
    }

    public string Configuration { get; }

    public static async Task<ScratchRedis> StartAsync(params string[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" }.Concat(settings))
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not on the PATH. Run the tests with ./test.sh, which installs it.", ex);
        }
        // Drained, never read: a pipe left full would block the server.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new ScratchRedis(process, $"127.0.0.1:{port}");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",connectTimeout=500");
                await probe.GetDatabase().PingAsync();
                return redis;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A connection that may run admin commands (CONFIG, INFO) on this server.</summary>
    public Task<ConnectionMultiplexer> ConnectAdminAsync() => ConnectionMultiplexer.ConnectAsync(Configuration + ",allowAdmin=true");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
