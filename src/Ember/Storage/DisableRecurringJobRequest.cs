namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobStore.DisableRecurringJobAsync"/>.</summary>
/// <param name="Id">The recurring job.</param>
/// <param name="ExpectedNextRunAt">Disable only if its NextRunAt is still this (it wasn't updated meanwhile).</param>
/// <param name="Error">Why, for the application and the dashboard.</param>
public sealed record DisableRecurringJobRequest(string Id, DateTimeOffset? ExpectedNextRunAt, string Error);
