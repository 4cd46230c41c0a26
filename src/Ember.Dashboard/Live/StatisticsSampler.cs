using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ember.Dashboard.Live;

/// <summary>
/// Reads the store's statistics every <see cref="DashboardOptions.StatsPollingInterval"/> (one cheap call, the same an
/// open overview makes) into <see cref="StatisticsHistory"/>, while the application runs. A failed read is skipped: the
/// graph shows a gap, and the next read tries again.
/// </summary>
internal sealed class StatisticsSampler(IServiceProvider services, StatisticsHistory history, IOptions<DashboardOptions> options, ILogger<StatisticsSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Without Ember registered there is nothing to sample (MapEmberDashboard says what is missing).
        if (services.GetService<IJobStore>() is not { } store) return;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var interval = options.Value.StatsPollingInterval;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var statistics = await store.Queries.GetStatisticsAsync(stoppingToken).ConfigureAwait(false);
                history.Add(new(time.GetUtcNow(), statistics.Succeeded, statistics.Failed));
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A sample is worth a retry, not the application: whatever failed, the next tick tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!failing) Log.StatisticsSampleFailed(logger, ex);
                failing = true;
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
