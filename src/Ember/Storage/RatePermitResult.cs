namespace Ember.Storage;

/// <summary>What <see cref="IJobStore.TakeRatePermitsAsync"/> answered.</summary>
/// <param name="RefusedBy">Null when every permit was taken; otherwise the index (in the request's order) of the limit
/// that allows the run latest. Then no permit was taken.</param>
/// <param name="RetryAt">When refused: the moment that limit will allow a start (later refusals are possible when
/// others take it first). When granted: unused (default).</param>
public readonly record struct RatePermitResult(int? RefusedBy, DateTimeOffset RetryAt)
{
    /// <summary>
    /// When granted: the last moment (to the millisecond, inclusive) the run may start with these permits, the earliest of
    /// its limits' (see <see cref="RatePermitRequest.Hold"/>). A run not started by then must take its permits again.
    /// </summary>
    public DateTimeOffset ValidUntil { get; init; }

    /// <summary>Every permit was taken: the run may start until <paramref name="validUntil"/>.</summary>
    public static RatePermitResult GrantedUntil(DateTimeOffset validUntil) => new(null, default) { ValidUntil = validUntil };

    /// <summary>Whether the run may start.</summary>
    public bool IsGranted => RefusedBy is null;
}
