namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobClientStore.CreateJobsAsync"/>.</summary>
/// <param name="Jobs">The jobs to create, in order.</param>
public sealed record CreateJobsRequest(IReadOnlyList<NewJob> Jobs);
