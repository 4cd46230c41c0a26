using Ember.Server;
using Ember.Storage;

namespace Ember;

/// <summary>
/// The rate permits of a server's runs from the run's side: taken just before the run's filters when none was taken at
/// claim (<see cref="TakeAsync"/>), and confirmed on the method's doorstep (<see cref="ConfirmAsync"/>). A limit counts
/// starts, and a start counts only within its permit's hold; the filters, the job's activation and a stalled thread
/// come between the first check and the method, so the permit is looked at once more right before the call and taken
/// again when the run got there past its hold, or within <see cref="RatePermitHolds.DoorstepMargin"/> of its end (then a
/// slow start spends a second permit, and the limit stays exact).
/// </summary>
internal sealed class RunPermits(IJobStore store, ServerContext server)
{
    // The most permits a run takes on its doorstep: each try that comes back past its hold (a store slower than the hold)
    // spent one for nothing.
    private const int MaxConfirmTries = 3;

    private readonly RatePermitBatcher _batcher = new(store);

    /// <summary>
    /// Takes the permits of <paramref name="limits"/> for <paramref name="running"/>, about to start, and records them
    /// on it when granted. Waits first for a fixed window about to end (a permit taken before would end with it).
    /// </summary>
    public async Task<RatePermitResult> TakeAsync(RunningJob running, RateLimitOptions[] limits)
    {
        await RatePermitHolds.WaitForWindowEndAsync(limits, server.Time, CancellationToken.None).ConfigureAwait(false); // under StartMargin
        var permit = await _batcher.TakeAsync(new RatePermitRequest(limits, running.Fetched.Id, running.Fetched.LeaseToken) { Hold = RatePermitHolds.AtStartOf(limits) }).ConfigureAwait(false);
        if (permit.IsGranted) (running.RateLimits, running.RatePermitUntil) = (limits, permit.ValidUntil);
        return permit;
    }

    /// <summary>
    /// Called right before the job's method: returns at once while the run's permit holds for at least
    /// <see cref="RatePermitHolds.DoorstepMargin"/> more (or it has no rate limit); otherwise takes it again.
    /// </summary>
    /// <exception cref="RatePermitRefusedException">A limit refused: the run must not start.</exception>
    public async ValueTask ConfirmAsync(RunningJob running)
    {
        if (running.RateLimits is not { } limits) return;
        for (var tries = 0; running.RatePermitUntil is not { } until || server.Time.GetUtcNow() + RatePermitHolds.DoorstepMargin > until; tries++)
        {
            if (tries == MaxConfirmTries)
                throw new RatePermitRefusedException(RatePermits.Refused(limits[0], server.Time.GetUtcNow() + RatePermitHolds.AtClaim));
            var permit = await TakeAsync(running, limits).ConfigureAwait(false);
            if (permit.RefusedBy is { } by) throw new RatePermitRefusedException(RatePermits.Refused(limits[by], permit.RetryAt));
        }
    }
}
