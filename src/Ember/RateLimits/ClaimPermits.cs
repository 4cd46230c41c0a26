using Ember.Server;
using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember;

/// <summary>
/// Takes the rate permits of a claimed batch in one store call, before its jobs enter the server's buffer, so that a
/// run carrying rate limits costs no round trip of its own before it starts (a permit per run cost about 1.5 round
/// trips per run, and up to 70% of the throughput). Each permit is held for <see cref="RatePermitHolds.AtClaim"/>: a job
/// that starts later takes its permits again just before it starts (<see cref="JobRunner"/>). Jobs refused here are
/// Scheduled for when their limit allows them, in one write, without taking a worker. Only the limits a job carries
/// in its <c>RateLimits</c> parameter are taken here; those read from attributes (a recurring job's occurrences), a
/// parameter that can't be read and short sliding windows are left to the run.
/// </summary>
internal sealed class ClaimPermits(IJobStore store, ServerContext server)
{
    /// <summary>What a claimed job comes to: the permit's end when granted here, null when left to the run.</summary>
    public readonly record struct Claimed(FetchedJob Job, DateTimeOffset? PermitUntil);

    /// <summary>
    /// The jobs to buffer, each with its permit when one was taken here; the refused ones are rescheduled (or, if that
    /// write fails, left to their leases). A store that can't be asked leaves every permit to the runs.
    /// </summary>
    public async Task<IReadOnlyList<Claimed>> TakeAsync(IReadOnlyList<FetchedJob> fetched, CancellationToken cancellationToken)
    {
        List<(int Index, RateLimitOptions[] Limits)>? runs = null;
        for (var i = 0; i < fetched.Count; i++)
        {
            if (fetched[i].Parameters is not { } parameters || !parameters.ContainsKey(RateLimitParameter.Name)) continue;
            RateLimitOptions[]? limits;
            try
            {
                limits = RateLimitParameter.Read(parameters);
            }
            catch (FormatException)
            {
                continue; // the run fails it, naming the parameter
            }
            if (limits is not { Length: > 0 } || !RatePermitHolds.TakenAtClaim(limits)) continue;
            (runs ??= []).Add((i, limits));
        }
        var claimed = new Claimed[fetched.Count];
        for (var i = 0; i < claimed.Length; i++) claimed[i] = new Claimed(fetched[i], null);
        if (runs is null) return claimed;

        IReadOnlyList<RatePermitResult> results;
        try
        {
            results = await store.TakeRatePermitsAsync(new TakeRatePermitsRequest(
                [.. runs.Select(r => new RatePermitRequest(r.Limits, fetched[r.Index].Id, fetched[r.Index].LeaseToken) { Hold = RatePermitHolds.AtClaim })]), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ClaimPermitsFailed(server.Logger, server.Name, runs.Count, ex);
            return claimed;
        }

        List<(JobCompletion Completion, string Queue)>? refused = null;
        for (var r = 0; r < runs.Count; r++)
        {
            var (index, limits) = runs[r];
            var job = fetched[index];
            if (results[r].RefusedBy is { } by)
            {
                var change = RatePermits.Refused(limits[by], results[r].RetryAt) with { ServerId = server.Id };
                (refused ??= []).Add((new JobCompletion(job.Id, job.LeaseToken, change), job.Queue));
                claimed[index] = default;
            }
            else
            {
                claimed[index] = claimed[index] with { PermitUntil = results[r].ValidUntil };
            }
        }
        if (refused is null) return claimed;
        if (await RescheduledAsync(refused, cancellationToken).ConfigureAwait(false)) return [.. claimed.Where(c => c.Job is not null)];
        // Not rescheduled: buffered without a permit, so that each run asks again rather than wait for its lease to lapse.
        for (var i = 0; i < claimed.Length; i++) claimed[i] = claimed[i].Job is null ? new Claimed(fetched[i], null) : claimed[i];
        return claimed;
    }

    private async Task<bool> RescheduledAsync(List<(JobCompletion Completion, string Queue)> refused, CancellationToken cancellationToken)
    {
        try
        {
            await store.CompleteJobsAsync(new CompleteJobsRequest([.. refused.Select(r => r.Completion)]), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ClaimPermitsFailed(server.Logger, server.Name, refused.Count, ex);
            return false;
        }
        foreach (var (completion, queue) in refused)
        {
            JobMetrics.RateLimited.Add(1, new KeyValuePair<string, object?>(EmberTags.Destination, queue));
            Log.JobStateChanged(server.Logger, completion.JobId, JobState.Scheduled, completion.Change.Reason);
        }
        return true;
    }
}
