namespace Ember.Storage;

/// <summary>A job claimed by a server, now Processing under <see cref="LeaseToken"/>.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Queue">The queue it was taken from.</param>
/// <param name="Invocation">The serialized invocation, as created.</param>
/// <param name="Attempt">How many times the job has been started, this run included (1 on the first run).</param>
/// <param name="LeaseToken">The fence for every later write about this run.</param>
/// <param name="CreatedAt">When the job was created.</param>
public sealed record FetchedJob(string Id, string Queue, string Invocation, int Attempt, string LeaseToken, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The job's parameters as claimed (JSON values by name; empty when it has none), so that a run that reads them
    /// (the captured culture, a trace context, <see cref="Server.PerformContext.GetJobParameter{T}"/>) costs no extra
    /// round trip. Null when the store doesn't return them with a claim: the server then reads them when needed.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
