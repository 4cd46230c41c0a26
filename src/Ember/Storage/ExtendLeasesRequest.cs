namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.ExtendLeasesAsync"/>.</summary>
/// <param name="ServerId">The server holding the leases.</param>
/// <param name="Leases">The runs to extend.</param>
/// <param name="LeaseDuration">The new lease length, from now.</param>
public sealed record ExtendLeasesRequest(string ServerId, IReadOnlyList<HeldLease> Leases, TimeSpan LeaseDuration);
