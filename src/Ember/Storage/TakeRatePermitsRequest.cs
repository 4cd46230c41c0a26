namespace Ember.Storage;

/// <summary>
/// Parameters of <see cref="IJobStore.TakeRatePermitsAsync"/>: the runs about to start on one server, each needing one
/// permit of each of its limits. A server gathers the runs that start while its previous call is in flight, so that a
/// busy server takes the permits of many runs in one round trip.
/// </summary>
/// <param name="Runs">At least one; decided in this order.</param>
public sealed record TakeRatePermitsRequest(IReadOnlyList<RatePermitRequest> Runs);
