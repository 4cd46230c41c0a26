// Usage: Ember.TestServer [--store sqlite|postgres|redis] --db <sqlite file, connection string or configuration>
//                         [--workers 4] [--lease-ms 2000] [--rescue-ms 500] [--poll-ms 100]
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

var store = StoreFactories.Create(options);
await using var server = new EmberServer(store, new ServerOptions
{
    WorkerCount = int.Parse(options.GetValueOrDefault("workers", "4"), System.Globalization.CultureInfo.InvariantCulture),
    LeaseDuration = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("lease-ms", "2000"), System.Globalization.CultureInfo.InvariantCulture)),
    LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
    RescueInterval = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("rescue-ms", "500"), System.Globalization.CultureInfo.InvariantCulture)),
    PollInterval = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("poll-ms", "100"), System.Globalization.CultureInfo.InvariantCulture)),
    SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
    ShutdownTimeout = TimeSpan.FromSeconds(1),
}, loggerFactory: loggerFactory);

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
}
