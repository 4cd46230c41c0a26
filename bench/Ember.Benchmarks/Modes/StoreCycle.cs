using System.Diagnostics;
using Ember.Invocations;
using Ember.Storage;

namespace Ember.Benchmarks.Modes;

/// <summary>
/// The life of a batch of jobs through the store contract alone, with no server: create Enqueued, claim, complete
/// Succeeded (with the default one-day expiry). Used to seed a backlog, and by the store mode to time each operation.
/// </summary>
internal sealed class StoreCycle
{
    private const string ServerId = "ember-bench-store-cycle";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private readonly IJobStore _store;
    private readonly EmberOptions _ember = new();
    private readonly string _invocation;
    private readonly int _concurrencyKeys;
    private int _created;

    /// <param name="store">The store.</param>
    /// <param name="concurrencyKeys">Jobs carry one of this many concurrency keys (limit 5) in turn; 0 for none.</param>
    public StoreCycle(IJobStore store, int concurrencyKeys = 0)
    {
        _store = store;
        _concurrencyKeys = concurrencyKeys;
        _invocation = Invocation.Serialize(Job.FromExpression(() => BenchJobs.Noop()), _ember.SerializerOptions);
    }

    public TimeSpan Creating { get; private set; }
    public TimeSpan Fetching { get; private set; }
    public TimeSpan Completing { get; private set; }

    /// <summary>Runs <paramref name="size"/> jobs through, with one call per operation. The store must hold no other enqueued job.</summary>
    /// <param name="size">How many jobs.</param>
    /// <param name="outcome">The state each job (by index) is completed with; Succeeded with the default expiry when null.</param>
    public async Task RunBatchAsync(int size, Func<int, StateChange>? outcome = null)
    {
        var jobs = new NewJob[size];
        var plain = new NewJob { Invocation = _invocation, Queue = _ember.DefaultQueue, State = JobState.Enqueued };
        for (var i = 0; i < size; i++)
            jobs[i] = _concurrencyKeys == 0 ? plain : plain with { Concurrency = new ConcurrencyLimit($"k{(_created + i) % _concurrencyKeys}", 5) };
        _created += size;
        var started = Stopwatch.GetTimestamp();
        await _store.CreateJobsAsync(new CreateJobsRequest(jobs));
        Creating += Stopwatch.GetElapsedTime(started);

        started = Stopwatch.GetTimestamp();
        var fetched = await _store.FetchJobsAsync(new FetchJobsRequest(ServerId, [_ember.DefaultQueue], size, Lease));
        Fetching += Stopwatch.GetElapsedTime(started);

        var succeeded = new StateChange
        {
            State = JobState.Succeeded, ServerId = ServerId, Reason = "Completed by the benchmark", Duration = TimeSpan.Zero,
            ExpireAt = DateTimeOffset.UtcNow + _ember.JobExpiration,
        };
        var completions = fetched.Select((f, i) => new JobCompletion(f.Id, f.LeaseToken, outcome?.Invoke(i) ?? succeeded)).ToArray();
        started = Stopwatch.GetTimestamp();
        var applied = (await _store.CompleteJobsAsync(new CompleteJobsRequest(completions))).Applied;
        Completing += Stopwatch.GetElapsedTime(started);
        if (fetched.Count != size || applied != size)
            throw new InvalidOperationException($"Claimed {fetched.Count} and completed {applied} of {size} jobs; the store should hold no other enqueued job.");
    }
}
