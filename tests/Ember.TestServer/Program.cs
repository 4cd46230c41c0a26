// Usage: Ember.TestServer [--store sqlite|postgres|redis] --db <sqlite file, connection string or configuration>
//                         [--workers 4] [--lease-ms 2000] [--rescue-ms 500] [--poll-ms 100]
//                         [--shutdown-ms 1000] [--job-timeout-ms none] [--expire-ms 1 day] [--prune-ms 60000]
//                         [--clock-jump-ms 0 --clock-jump-after-ms 0]: the wall clock of this server (and its store)
//                         jumps by that much, once, that long after start
//                         [--trace on]: an ActivityListener records Ember's activities, so runs trace as with OpenTelemetry
// Prints "ready <server id>" once processing; stops gracefully on SIGTERM, exiting 0.
using System.Runtime.InteropServices;
using Ember;
using Ember.TestServer;
using Microsoft.Extensions.Logging;

var options = Arguments.Parse(args);
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var time = options.ContainsKey("clock-jump-ms")
    ? new JumpingClock(Arguments.Milliseconds(options, "clock-jump-ms", 0), Arguments.Milliseconds(options, "clock-jump-after-ms", 0))
    : TimeProvider.System;
using var tracing = options.ContainsKey("trace") ? new System.Diagnostics.ActivityListener
{
    ShouldListenTo = source => source.Name == EmberDiagnostics.Name,
    Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
} : null;
if (tracing is not null) System.Diagnostics.ActivitySource.AddActivityListener(tracing);
var store = StoreFactories.Create(options, time);
var emberOptions = new EmberOptions();
if (options.ContainsKey("expire-ms")) emberOptions.JobExpiration = Arguments.Milliseconds(options, "expire-ms", 0);
await using var server = new EmberServer(store, new ServerOptions
{
    WorkerCount = int.Parse(options.GetValueOrDefault("workers", "4"), System.Globalization.CultureInfo.InvariantCulture),
    LeaseDuration = Arguments.Milliseconds(options, "lease-ms", 2000),
    LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
    RescueInterval = Arguments.Milliseconds(options, "rescue-ms", 500),
    PollInterval = Arguments.Milliseconds(options, "poll-ms", 100),
    SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
    ShutdownTimeout = Arguments.Milliseconds(options, "shutdown-ms", 1000),
    JobTimeout = options.ContainsKey("job-timeout-ms") ? Arguments.Milliseconds(options, "job-timeout-ms", 0) : null,
    PruneInterval = Arguments.Milliseconds(options, "prune-ms", 60_000),
}, emberOptions, loggerFactory: loggerFactory, timeProvider: time);

await server.StartAsync();
Console.WriteLine($"ready {server.Id}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // SIGTERM: fall through to a graceful stop.
}
await server.StopAsync();
Console.WriteLine("stopped");
return 0;

internal static class Arguments
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) result[args[i].TrimStart('-')] = args[i + 1];
        if (!result.ContainsKey("db")) throw new ArgumentException("--db <sqlite file, connection string or configuration> is required.");
        return result;
    }

    public static TimeSpan Milliseconds(IReadOnlyDictionary<string, string> options, string name, double fallback) =>
        TimeSpan.FromMilliseconds(options.TryGetValue(name, out var value) ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback);
}
