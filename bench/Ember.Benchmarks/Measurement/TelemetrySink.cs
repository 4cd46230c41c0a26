using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ember.Benchmarks.Measurement;

/// <summary>With --listen: records every Ember activity and measurement and drops it, as an exporter would cost at least.</summary>
internal sealed class TelemetrySink : IDisposable
{
    private readonly ActivityListener _activities = new()
    {
        ShouldListenTo = source => source.Name == EmberDiagnostics.Name,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };
    private readonly MeterListener _meters = new()
    {
        InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EmberDiagnostics.Name) listener.EnableMeasurementEvents(instrument);
        },
    };

    public static TelemetrySink Start()
    {
        var sink = new TelemetrySink();
        ActivitySource.AddActivityListener(sink._activities);
        sink._meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        sink._meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        sink._meters.Start();
        return sink;
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}
