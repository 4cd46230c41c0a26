namespace Ember.Storage;

/// <summary>A lease a server believes it holds.</summary>
/// <param name="JobId">The job.</param>
/// <param name="LeaseToken">The token it was fetched with.</param>
public readonly record struct HeldLease(string JobId, string LeaseToken);
