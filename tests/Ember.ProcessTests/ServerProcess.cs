using System.Diagnostics;
using System.Text;

namespace Ember.ProcessTests;

/// <summary>An Ember.TestServer child process: started, then killed (SIGKILL) or stopped gracefully (SIGTERM).</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public string Id { get; private set; } = "";

    /// <summary>The child's process id: ledger entries carry it, and its memory is read from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the child has exited (killed, crashed by a job, or stopped).</summary>
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ServerProcess> StartAsync(string database, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Ember.TestServer.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "--db", database }.Concat(arguments)) start.ArgumentList.Add(argument);
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start Ember.TestServer."));
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        _ = server._process.WaitForExitAsync().ContinueWith(_ => server._ready.TrySetException(new InvalidOperationException($"Ember.TestServer exited early:\n{server.Output}")), TaskScheduler.Default);
        server.Id = await server._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>kill -9: no chance to clean up, leases simply stop being renewed.</summary>
    public void Kill()
    {
        _process.Kill(); // SIGKILL on Unix
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the server stops gracefully; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith("ready ", StringComparison.Ordinal)) _ready.TrySetResult(line["ready ".Length..]);
    }
}
