using System.Diagnostics;
using Ember.Benchmarks.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// Runs this program again as `latency --role client` on the same store, and drives it line by line over its
/// stdin/stdout: "enqueue" → "ok". The child stamps each job itself (see <see cref="BenchJobs.Started"/>), so the
/// pipe's own delay is not part of a sample.
/// </summary>
internal sealed class ChildProcessLatencyClient : ILatencyClient
{
    private readonly Process _child;

    private ChildProcessLatencyClient(Process child) => _child = child;

    public static async Task<ChildProcessLatencyClient> StartAsync(BenchStorage storage)
    {
        var shared = storage.SharedWithChildArguments
            ?? throw new NotSupportedException("--cross-process needs a store that several processes can share; the in-memory store lives in one process.");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Under `dotnet Ember.Benchmarks.dll` the process is the dotnet host, which needs the assembly path first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in (string[])["latency", "--role", "client", .. shared]) start.ArgumentList.Add(argument);

        var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the client process.");
        var client = new ChildProcessLatencyClient(child);
        await client.ExpectAsync("ready");
        return client;
    }

    public async Task EnqueueAsync()
    {
        await _child.StandardInput.WriteLineAsync("enqueue");
        await _child.StandardInput.FlushAsync();
        await ExpectAsync("ok");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_child.HasExited)
        {
            _child.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _child.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _child.Kill();
            }
        }
        _child.Dispose();
    }

    private async Task ExpectAsync(string expected)
    {
        var line = await _child.StandardOutput.ReadLineAsync();
        if (line != expected)
            throw new InvalidOperationException($"The client process said '{line ?? "(nothing: it exited)"}' instead of '{expected}'; see its error above.");
    }
}
