namespace Ember.Storage;

/// <summary>What <see cref="IJobStore.TakeRatePermitsAsync"/> answered.</summary>
/// <param name="RefusedBy">Null when every permit was taken; otherwise the index (in the request's order) of the limit
/// that allows the run latest. Then no permit was taken.</param>
/// <param name="RetryAt">When refused: the moment that limit will allow a start (later refusals are possible when
/// others take it first). When granted: unused (default).</param>
public readonly record struct RatePermitResult(int? RefusedBy, DateTimeOffset RetryAt)
{
    /// <summary>Every permit was taken: the run may start.</summary>
    public static RatePermitResult Granted => default;

    /// <summary>Whether the run may start.</summary>
    public bool IsGranted => RefusedBy is null;
}
