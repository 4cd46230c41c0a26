using System.Diagnostics;
using Ember;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace QuickStart;

/// <summary>--otel: Ember's traces and metrics, with the web requests', exported to the console.</summary>
public static class Telemetry
{
    public static readonly ActivitySource Source = new("QuickStart");

    public static void AddConsoleExport(IServiceCollection services) => services.AddOpenTelemetry()
        .ConfigureResource(r => r.AddService("quickstart"))
        .WithTracing(t => t.AddSource(EmberDiagnostics.Name, Source.Name, "Microsoft.AspNetCore").AddConsoleExporter())
        .WithMetrics(m => m.AddMeter(EmberDiagnostics.Name)
            .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000));
}
