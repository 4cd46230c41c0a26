using Ember.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ember.HealthChecks;

// Reads only what the store keeps cheap (the statistics, the queues with their heads, hourly counts, the server registry),
// so a probe every few seconds costs a handful of round trips whatever the number of jobs.
internal sealed class EmberHealthCheck(IJobStore store, IEnumerable<EmberServer> servers, EmberHealthCheckOptions options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        Figures figures;
        try
        {
            // WaitAsync too: a store call that ignores its token still can't hold the probe past the timeout.
            figures = await ReadAsync(timeout.Token).WaitAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The Ember store did not answer within {Seconds(options.Timeout)}.", ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The Ember store is unreachable: {ex.Message}", ex);
        }
        return Judge(figures, context.Registration.FailureStatus);
    }

    private async Task<Figures> ReadAsync(CancellationToken cancellationToken)
    {
        var queries = store.Queries;
        var statistics = await queries.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var registered = await queries.GetServersAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? oldest = options.DegradedEnqueuedAge is null && options.UnhealthyEnqueuedAge is null
            ? null
            : (await queries.GetQueuesAsync(cancellationToken).ConfigureAwait(false)).Min(q => q.OldestEnqueuedAt);
        var now = time.GetUtcNow();
        long? failed = null;
        var since = HourlyCountsRequest.StartOfHour(now).AddHours(-1);
        if (options.DegradedFailedLastHour is not null || options.UnhealthyFailedLastHour is not null)
            failed = (await queries.GetHourlyCountsAsync(new HourlyCountsRequest(since, now), cancellationToken).ConfigureAwait(false)).Sum(h => h.Failed);
        return new Figures(now, statistics.Counts.GetValueOrDefault(JobState.Enqueued), oldest is { } at ? now - at : null, failed, since,
            registered.ToDictionary(s => s.ServerId, s => s.LastHeartbeat));
    }

    private HealthCheckResult Judge(Figures figures, HealthStatus failureStatus)
    {
        var data = new Dictionary<string, object>
        {
            ["enqueued"] = figures.Enqueued,
            ["servers"] = servers.Count(s => s.IsRunning),
        };
        var problems = new List<(HealthStatus Status, string Text)>();
        foreach (var server in servers.Where(s => s.IsRunning))
        {
            var allowed = server.HeartbeatInterval * options.MissedHeartbeats;
            if (!figures.Heartbeats.TryGetValue(server.Id, out var last))
                problems.Add((failureStatus, $"Server {server.Name} is not in the server registry (it was removed as dead, or the store lost it)."));
            else if (figures.Now - last > allowed)
                problems.Add((failureStatus, $"Server {server.Name} last heartbeat was {Seconds(figures.Now - last)} ago (allowed: {Seconds(allowed)})."));
        }
        Compare(figures.Enqueued, options.DegradedQueueDepth, options.UnhealthyQueueDepth, n => $"{n} {Plural(n, "job is", "jobs are")} enqueued");
        if (figures.EnqueuedAge is { } age)
        {
            data["oldestEnqueuedAgeSeconds"] = Math.Round(age.TotalSeconds, 1);
            Check(age, options.DegradedEnqueuedAge, options.UnhealthyEnqueuedAge, $"the job at the head of a queue has waited {Seconds(age)}");
        }
        if (figures.Failed is { } failed)
        {
            data["failedLastHour"] = failed;
            Compare(failed, options.DegradedFailedLastHour, options.UnhealthyFailedLastHour,
                n => $"{n} {Plural(n, "job", "jobs")} failed since {figures.FailedSince:yyyy-MM-ddTHH:mm}Z");
        }

        if (problems.Count == 0)
            return HealthCheckResult.Healthy($"{figures.Enqueued} enqueued; {data["servers"]} running {Plural((int)data["servers"], "server", "servers")} heartbeating.", data);
        var worst = problems.Min(p => p.Status); // Unhealthy < Degraded < Healthy
        return new HealthCheckResult(worst, string.Join(" ", problems.Select(p => Sentence(p.Text))), data: data);

        void Compare(long value, long? degraded, long? unhealthy, Func<long, string> describe)
        {
            if (value >= unhealthy) problems.Add((failureStatus, $"{describe(value)} (unhealthy from {unhealthy})."));
            else if (value >= degraded) problems.Add((HealthStatus.Degraded, $"{describe(value)} (degraded from {degraded})."));
        }

        void Check(TimeSpan value, TimeSpan? degraded, TimeSpan? unhealthy, string description)
        {
            if (value >= unhealthy) problems.Add((failureStatus, $"{description} (unhealthy from {Seconds(unhealthy.Value)})."));
            else if (value >= degraded) problems.Add((HealthStatus.Degraded, $"{description} (degraded from {Seconds(degraded.Value)})."));
        }
    }

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Plural(long n, string one, string many) => n == 1 ? one : many;

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 100
        ? $"{span.TotalSeconds:0.#} s"
        : span.TotalMinutes < 100 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalHours:0.#} h";

    private sealed record Figures(DateTimeOffset Now, long Enqueued, TimeSpan? EnqueuedAge, long? Failed, DateTimeOffset FailedSince,
        Dictionary<string, DateTimeOffset> Heartbeats);
}
