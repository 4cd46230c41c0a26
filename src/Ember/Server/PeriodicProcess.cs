using Microsoft.Extensions.Logging;

namespace Ember.Server;

/// <summary>
/// Runs one of the server's background duties (scheduler, rescuer, heartbeat, pruner, lease renewal) every interval
/// until stopped. A failing step is logged and retried with backoff; the server goes on.
/// </summary>
internal static class PeriodicProcess
{
    public static async Task RunAsync(string name, TimeSpan interval, Func<CancellationToken, Task> step, ServerContext context, CancellationToken stopping,
        bool firstAfterInterval = false)
    {
        var failures = 0;
        if (firstAfterInterval && !await DelayAsync(interval, context, stopping).ConfigureAwait(false)) return;
        while (!stopping.IsCancellationRequested)
        {
            var delay = interval;
            try
            {
                await step(stopping).ConfigureAwait(false);
                if (failures > 0) Log.ProcessRecovered(context.Logger, context.Name, name);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                delay = Backoff.After(++failures);
                Log.ProcessFailed(context.Logger, context.Name, name, delay, ex);
            }
            if (!await DelayAsync(delay, context, stopping).ConfigureAwait(false)) return;
        }
    }

    // False when stopped while waiting.
    private static async Task<bool> DelayAsync(TimeSpan delay, ServerContext context, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, context.Time, stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
