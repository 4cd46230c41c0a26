using Ember.Server;
using Ember.Storage;

namespace Ember;

/// <summary>
/// Takes the rate permits of a claimed batch in one store call, before its jobs enter the server's buffer, so that a
/// run carrying rate limits costs no round trip of its own before it starts (a permit per run cost about 1.5 round
/// trips per run, and up to 70% of the throughput). Each permit is held for <see cref="RatePermitHolds.AtClaim"/>, cut
/// at a fixed window's end; a buffered job whose permit ran out renews it together with every other buffered job in
/// the same case (<see cref="RenewAsync"/>: one call when a window ends, not one per run). Jobs refused at claim are
/// Scheduled for when their limit allows them, in one write, without taking a worker. Only the limits a job carries in
/// its <c>RateLimits</c> parameter are taken here; those read from attributes (a recurring job's occurrences), a
/// parameter that can't be read and short sliding windows are left to the run (<see cref="JobRunner"/>).
/// </summary>
internal sealed class ClaimPermits(IJobStore store, ServerContext server)
{
    /// <summary>What a claimed job comes to: its limits and the permit's end when taken here; nulls when left to the run.</summary>
    public readonly record struct Claimed(FetchedJob Job, RateLimitOptions[]? Limits, DateTimeOffset? PermitUntil);

    /// <summary>
    /// The jobs to buffer, each with its permit when one was taken here; the refused ones are rescheduled (or, if that
    /// write fails, buffered without a permit). A store that can't be asked leaves every permit to the runs.
    /// </summary>
    public async Task<IReadOnlyList<Claimed>> TakeAsync(IReadOnlyList<FetchedJob> fetched, CancellationToken cancellationToken)
    {
        var claimed = new Claimed[fetched.Count];
        List<int>? runs = null;
        for (var i = 0; i < fetched.Count; i++)
        {
            claimed[i] = new Claimed(fetched[i], null, null);
            if (LimitsOf(fetched[i]) is not { } limits) continue;
            claimed[i] = claimed[i] with { Limits = limits };
            (runs ??= []).Add(i);
        }
        if (runs is null) return claimed;

        var results = await TakeOrNullAsync([.. runs.Select(i => (fetched[i], claimed[i].Limits!))], cancellationToken).ConfigureAwait(false);
        if (results is null) return Unclaimed(claimed);
        List<(JobCompletion Completion, string Queue)>? refused = null;
        for (var r = 0; r < runs.Count; r++)
        {
            var index = runs[r];
            if (results[r].RefusedBy is { } by)
            {
                var job = fetched[index];
                var change = RatePermits.Refused(claimed[index].Limits![by], results[r].RetryAt) with { ServerId = server.Id };
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
        for (var i = 0; i < claimed.Length; i++) claimed[i] = claimed[i].Job is null ? new Claimed(fetched[i], null, null) : claimed[i];
        return claimed;
    }

    /// <summary>
    /// Renews the permits of <paramref name="job"/>, about to start, and of the <paramref name="buffered"/> jobs whose
    /// permits ran out too, in one call (when a fixed window ends, every buffered job of its key runs out at once). A
    /// job refused is marked so that its run puts it off without asking again. When a fixed window of theirs ends within
    /// <see cref="RatePermitHolds.StartMargin"/>, waits for it first: a permit taken before would be cut at its end.
    /// A store that can't be asked leaves the permits to the runs.
    /// </summary>
    public async Task RenewAsync(BufferedJob job, IReadOnlyList<BufferedJob> buffered, CancellationToken cancellationToken)
    {
        var now = server.Time.GetUtcNow();
        var renew = new List<BufferedJob> { job };
        foreach (var other in buffered)
            if (other != job && other.RateLimits is not null && other.RateRefusal is null && !other.LeaseLost
                && other.RatePermitUntil is { } until && !RatePermitHolds.Usable(until, now))
                renew.Add(other);
        await RatePermitHolds.WaitForWindowEndAsync(job.RateLimits!, server.Time, cancellationToken).ConfigureAwait(false);

        var results = await TakeOrNullAsync([.. renew.Select(b => (b.Fetched, b.RateLimits!))], cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < renew.Count; i++)
        {
            if (results is null) renew[i].RatePermitUntil = null; // each run asks on its own
            else if (results[i].RefusedBy is { } by) renew[i].RateRefusal = RatePermits.Refused(renew[i].RateLimits![by], results[i].RetryAt);
            else renew[i].RatePermitUntil = results[i].ValidUntil;
        }
    }

    // The limits taken at claim: those of the job's parameter, when every one can be held for AtClaim.
    private static RateLimitOptions[]? LimitsOf(FetchedJob job)
    {
        if (job.Parameters is not { } parameters || !parameters.ContainsKey(RateLimitParameter.Name)) return null;
        try
        {
            return RateLimitParameter.Read(parameters) is { Length: > 0 } limits && RatePermitHolds.TakenAtClaim(limits) ? limits : null;
        }
        catch (FormatException)
        {
            return null; // the run fails it, naming the parameter
        }
    }

    private async Task<IReadOnlyList<RatePermitResult>?> TakeOrNullAsync(IReadOnlyList<(FetchedJob Job, RateLimitOptions[] Limits)> runs, CancellationToken cancellationToken)
    {
        try
        {
            return await store.TakeRatePermitsAsync(new TakeRatePermitsRequest(
                [.. runs.Select(r => new RatePermitRequest(r.Limits, r.Job.Id, r.Job.LeaseToken) { Hold = RatePermitHolds.AtClaim })]), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ClaimPermitsFailed(server.Logger, server.Name, runs.Count, ex);
            return null;
        }
    }

    private static Claimed[] Unclaimed(Claimed[] claimed)
    {
        for (var i = 0; i < claimed.Length; i++) claimed[i] = new Claimed(claimed[i].Job, null, null);
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
