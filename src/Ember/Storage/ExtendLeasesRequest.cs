namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.ExtendLeasesAsync"/>.</summary>
/// <param name="ServerId">The server holding the leases.</param>
/// <param name="Leases">The runs to extend.</param>
/// <param name="LeaseDuration">The new lease length, from now.</param>
public sealed record ExtendLeasesRequest(string ServerId, IReadOnlyList<HeldLease> Leases, TimeSpan LeaseDuration);

/// <summary>A lease a server believes it holds.</summary>
/// <param name="JobId">The job.</param>
/// <param name="LeaseToken">The token it was fetched with.</param>
public readonly record struct HeldLease(string JobId, string LeaseToken);
