using System.Collections.Frozen;
using Ember.Storage;

namespace Ember.InMemory;

/// <summary>
/// A store that keeps jobs in process memory: for tests, development and benchmarks. Everything is lost when the
/// process ends, and servers in other processes can't share it. One lock guards all state; operations are short.
/// </summary>
public sealed partial class InMemoryJobStore : IJobStore, IJobNotifications
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<long, StoredJob> _jobs = [];
    // The Enqueued jobs a fetch may take, per queue; those parked by a full key are in _parkedByQueue instead.
    private readonly Dictionary<string, SortedSet<long>> _enqueuedByQueue = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset At, long Id)> _scheduled = [];
    private readonly HashSet<long> _processing = [];
    private readonly SortedSet<(DateTimeOffset At, long Id)> _expiring = [];
    private readonly SortedSet<(DateTimeOffset At, long Id)> _expiringBatches = [];
    private readonly Dictionary<string, ServerInfo> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<long>> _continuations = [];
    private readonly Dictionary<long, StoredBatch> _batches = [];
    private readonly Dictionary<string, RecurringJobRecord> _recurring = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeldLease> _mutexes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pausedQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _uniqueKeys = new(StringComparer.Ordinal); // key -> jobs created with it, oldest first
    private readonly List<string> _enqueuedQueues = []; // queues that got work under the lock, notified after it
    private readonly WorkSubscribers _subscribers = new();
    private readonly InMemoryStatistics _statistics = new();
    private long _lastId;
    private long _lastLeaseToken;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public InMemoryJobStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        Queries = new InMemoryJobQueries(this);
    }

    /// <inheritdoc />
    public IJobQueries Queries { get; }

    /// <summary>The largest job invocation accepted, in bytes of UTF-8. Default <see cref="NewJobRules.DefaultMaxInvocationBytes"/> (4 MiB).</summary>
    public int MaxInvocationBytes { get; init; } = NewJobRules.DefaultMaxInvocationBytes;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public IDisposable Subscribe(Action<string> onWork) => _subscribers.Add(onWork);

    /// <inheritdoc />
    public Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        NewJobRules.RefuseGivenIds(request.Jobs);
        CreateJobsResult result;
        lock (_lock) result = Create(request.Jobs, _time.GetUtcNow());
        FlushNotifications();
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetched = new List<FetchedJob>(Math.Min(request.Count, 256));
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            List<StoredJob>? picked = null;
            List<StoredJob>? full = null;
            Dictionary<string, int>? takenByKey = null;
            foreach (var queue in request.Queues)
            {
                if (fetched.Count + (picked?.Count ?? 0) >= request.Count) break;
                if (_pausedQueues.Contains(queue) || !_enqueuedByQueue.TryGetValue(queue, out var ids)) continue;
                if (ids.Count == 0) continue;
                if (!HasKeyedJobs(queue))
                {
                    // No concurrency key in sight: take the oldest, as before limits existed.
                    while (fetched.Count < request.Count && ids.Count > 0) fetched.Add(Claim(_jobs[ids.Min], request, now));
                    continue;
                }
                // A job whose key is full is passed over (it stays Enqueued, holding no worker), so the jobs behind it
                // are not starved; claims of this call count against their key's limit.
                // A full key's job is parked (InMemoryJobStore.Concurrency), out of this set, so no later fetch walks it.
                picked ??= [];
                full ??= [];
                foreach (var id in ids)
                {
                    if (fetched.Count + picked.Count >= request.Count) break;
                    var job = _jobs[id];
                    if (job.Concurrency is { } concurrency)
                    {
                        takenByKey ??= new(StringComparer.Ordinal);
                        var taken = takenByKey.GetValueOrDefault(concurrency.Key);
                        if (_running.GetValueOrDefault(concurrency.Key) + taken >= LimitOf(concurrency))
                        {
                            full.Add(job);
                            continue;
                        }
                        takenByKey[concurrency.Key] = taken + 1;
                    }
                    picked.Add(job);
                }
                foreach (var job in full) Park(job);
                // Claiming counts the jobs in _running: the counts of this queue's scan start afresh for the next.
                foreach (var job in picked) fetched.Add(Claim(job, request, now));
                picked.Clear();
                full.Clear();
                takenByKey?.Clear();
            }
        }
        return Task.FromResult<IReadOnlyList<FetchedJob>>(fetched);
    }

    private FetchedJob Claim(StoredJob job, FetchJobsRequest request, DateTimeOffset now)
    {
        var token = (++_lastLeaseToken).ToString(System.Globalization.CultureInfo.InvariantCulture);
        job.Attempt++;
        Apply(job, StateChange.Processing(request.ServerId), now);
        job.LeaseToken = token;
        job.LeaseExpiresAt = now + request.LeaseDuration;
        return new FetchedJob(job.IdText, job.Queue, job.Invocation, job.Attempt, token, job.CreatedAt) { Parameters = job.Parameters };
    }

    /// <inheritdoc />
    public Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var applied = new HashSet<HeldLease>();
        var completed = new HashSet<HeldLease>();
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var completion in request.Completions)
            {
                var lease = new HeldLease(completion.JobId, completion.LeaseToken);
                if (Find(completion.JobId) is not { } job || job.LeaseToken != completion.LeaseToken || applied.Contains(lease)) continue;
                if (job.State != JobState.Processing)
                {
                    completed.Add(lease);
                    continue;
                }
                Apply(job, completion.Change, now);
                // Kept after the run ends, so that a retried write of this outcome is told apart from a lost lease.
                job.LeaseToken = completion.LeaseToken;
                applied.Add(lease);
            }
        }
        FlushNotifications();
        return Task.FromResult(CompleteJobsResult.From(request.Completions, applied, completed));
    }

    /// <inheritdoc />
    public Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (Find(request.JobId) is not { } job) return Task.FromResult(false);
            if (request.LeaseToken is { } token && (job.State != JobState.Processing || job.LeaseToken != token)) return Task.FromResult(false);
            if (request.Parameters is { Count: > 0 } updates)
            {
                var parameters = new Dictionary<string, string>(job.Parameters, StringComparer.Ordinal);
                foreach (var (name, value) in updates)
                    if (value is null) parameters.Remove(name);
                    else parameters[name] = value;
                job.Parameters = Snapshot(parameters);
            }
            job.Progress = request.Progress ?? job.Progress;
            if (request.LogLines is { Count: > 0 } lines)
            {
                (job.Log ??= []).AddRange(lines);
                if (job.Log.Count > request.MaxLogLines) job.Log.RemoveRange(0, job.Log.Count - request.MaxLogLines);
            }
        }
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (Find(request.JobId) is not { } job || !request.ExpectedStates.Contains(job.State)) return Task.FromResult(false);
            Apply(job, request.Change, _time.GetUtcNow());
        }
        FlushNotifications();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var changed = 0;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var seen = new HashSet<long>();
            foreach (var id in request.JobIds)
            {
                if (Find(id) is not { } job || !seen.Add(job.Id) || !request.ExpectedStates.Contains(job.State)) continue;
                Apply(job, request.Change, now);
                changed++;
            }
        }
        FlushNotifications();
        return Task.FromResult(changed);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lost = new List<HeldLease>();
        var expiresAt = _time.GetUtcNow() + request.LeaseDuration;
        lock (_lock)
        {
            foreach (var lease in request.Leases)
            {
                if (Find(lease.JobId) is { State: JobState.Processing } job && job.LeaseToken == lease.LeaseToken)
                    job.LeaseExpiresAt = expiresAt;
                else
                    lost.Add(lease);
            }
        }
        return Task.FromResult<IReadOnlyList<HeldLease>>(lost);
    }

    internal T Read<T>(Func<ReadView, T> read)
    {
        lock (_lock) return read(new ReadView(_jobs, _servers, _recurring, _continuations, _enqueuedByQueue, _parkedByQueue, _statistics, _pausedQueues, _batches));
    }

    internal readonly record struct ReadView(
        IReadOnlyDictionary<long, StoredJob> Jobs, IReadOnlyDictionary<string, ServerInfo> Servers,
        IReadOnlyDictionary<string, RecurringJobRecord> Recurring, IReadOnlyDictionary<long, List<long>> Continuations,
        IReadOnlyDictionary<string, SortedSet<long>> EnqueuedByQueue, IReadOnlyDictionary<string, SortedSet<long>> ParkedByQueue, InMemoryStatistics Statistics, IReadOnlySet<string> PausedQueues,
        IReadOnlyDictionary<long, StoredBatch> Batches);

    // Stores new jobs; all or nothing: every job is checked before the first is stored. Caller holds the lock. A unique
    // job whose key is held returns the holder's id instead (never in a batch: the client refuses unique batch jobs).
    private CreateJobsResult Create(IReadOnlyList<NewJob> jobs, DateTimeOffset now, StoredBatch? batch = null)
    {
        if (batch is null) Check(jobs);
        var ids = new string[jobs.Count];
        List<int>? existing = null;
        for (var i = 0; i < ids.Length; i++)
        {
            var spec = jobs[i];
            if (spec.Unique is { } unique && HolderOf(unique, now) is { } holder)
            {
                if (unique.Debounce && holder.State == JobState.Scheduled) Debounce(holder, spec, now);
                ids[i] = holder.IdText;
                (existing ??= []).Add(i);
                continue;
            }
            var job = new StoredJob(spec.Id is { } reserved ? long.Parse(reserved, System.Globalization.CultureInfo.InvariantCulture) : ++_lastId, spec.Queue, spec.Invocation, now) { ContinuationOptions = spec.ContinuationOptions, BatchId = batch?.Id, Concurrency = spec.Concurrency };
            _jobs.Add(job.Id, job);
            batch?.Jobs.Add(job.Id);
            job.Parameters = spec.Parameters switch
            {
                null or { Count: 0 } => NoParameters,
                FrozenDictionary<string, string> shared => shared, // many jobs share their cultures' parameters
                var given => Snapshot(given),
            };
            Apply(job, StateChange.Created(spec), now);
            if (spec.ParentId is not null) Link(job, NewJobRules.ParentsOf(spec), spec.ExpireAtIfDeleted, now);
            if (spec.Unique is { } key)
            {
                job.UniqueKey = key.Key;
                if (!_uniqueKeys.TryGetValue(key.Key, out var holders)) _uniqueKeys[key.Key] = holders = [];
                holders.Add(job.Id);
            }
            ids[i] = job.IdText;
        }
        return new CreateJobsResult(ids, existing);
    }

    private static readonly IReadOnlyDictionary<string, string> NoParameters = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    // A job's parameters are never changed in place: updates replace them, so readers get them without a copy.
    private static System.Collections.ObjectModel.ReadOnlyDictionary<string, string> Snapshot(IEnumerable<KeyValuePair<string, string>> parameters) =>
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>(parameters, StringComparer.Ordinal));

    // A parent among the ids a batch request gives (given) is a member of the same request, created in this call.
    private void Check(IReadOnlyList<NewJob> jobs, IReadOnlySet<long>? given = null)
    {
        foreach (var spec in jobs)
        {
            NewJobRules.Validate(spec, MaxInvocationBytes, "InMemoryJobStore.MaxInvocationBytes");
            foreach (var parentId in NewJobRules.ParentsOf(spec))
                if (!StoredValues.TryParseJobId(parentId, out var id) || (!_jobs.ContainsKey(id) && !_batches.ContainsKey(id) && given?.Contains(id) != true)) throw JobNotFoundException.Parent(parentId);
        }
    }

    private StoredJob? Find(string jobId) =>
        StoredValues.TryParseJobId(jobId, out var id)
        && _jobs.TryGetValue(id, out var job) ? job : null;

    // Moves a job to a new state, keeping the indexes in step. Caller holds the lock.
    private void Apply(StoredJob job, StateChange change, DateTimeOffset now)
    {
        // A new job has no history yet: it enters its first state without leaving one, and is in no index.
        var from = job.History.Count == 0 ? (JobState?)null : job.State;
        if (from is not null) Unindex(job);
        _statistics.Moved(from, change.State, now);
        job.State = change.State;
        job.StateChangedAt = now;
        job.ScheduledAt = change.State == JobState.Scheduled ? change.ScheduledAt : null;
        job.ExpireAt = change.ExpireAt;
        job.LastError = change.Error ?? job.LastError;
        job.Result = change.Result ?? job.Result;
        job.ServerId = change.State == JobState.Processing ? change.ServerId : null;
        job.LeaseToken = null;
        job.LeaseExpiresAt = null;
        job.History.Add(new StateHistoryEntry(change.State, change.Kind, now, change.Reason, change.ServerId, change.Error, change.Duration));
        switch (job.State)
        {
            case JobState.Enqueued:
                if (!_enqueuedByQueue.TryGetValue(job.Queue, out var ids)) _enqueuedByQueue[job.Queue] = ids = [];
                ids.Add(job.Id);
                if (job.Concurrency is not null) CountKeyedEnqueued(job.Queue, +1);
                break;
            case JobState.Scheduled:
                _scheduled.Add((job.ScheduledAt ?? now, job.Id));
                break;
            case JobState.Processing:
                _processing.Add(job.Id);
                if (job.Concurrency is { } concurrency) TakeSlot(concurrency.Key);
                break;
        }
        if (job.ExpireAt is { } expireAt) _expiring.Add((expireAt, job.Id));
        if (job.State == JobState.Enqueued) _enqueuedQueues.Add(job.Queue);
        if (ContinuationRules.Finishes(job.State) && _continuations.TryGetValue(job.Id, out var children))
            foreach (var child in children.Select(id => _jobs[id]).ToList())
                CountDown(child, job.Id, job.State, change.ContinuationsExpireAt, now);
        if (job.BatchId is { } batchId && from != job.State) CountMember(batchId, from, job.State, change.ContinuationsExpireAt, now);
    }

    private void Unindex(StoredJob job)
    {
        switch (job.State)
        {
            case JobState.Enqueued when job.Parked:
                ForgetParked(job);
                break;
            // A new job starts with the default state and is in no index yet, hence TryGetValue.
            case JobState.Enqueued when _enqueuedByQueue.TryGetValue(job.Queue, out var ids):
                if (ids.Remove(job.Id) && job.Concurrency is not null) CountKeyedEnqueued(job.Queue, -1);
                break;
            case JobState.Scheduled: _scheduled.Remove((job.ScheduledAt!.Value, job.Id)); break;
            case JobState.Processing:
                _processing.Remove(job.Id);
                if (job.Concurrency is { } concurrency) FreeSlot(concurrency.Key, job.Queue);
                break;
        }
        if (job.ExpireAt is { } expireAt) _expiring.Remove((expireAt, job.Id));
    }

    // Subscribers are called outside the lock, so that a slow one can't stall the store.
    private void FlushNotifications()
    {
        string[] queues;
        lock (_lock)
        {
            if (_enqueuedQueues.Count == 0) return;
            queues = _enqueuedQueues.Distinct(StringComparer.Ordinal).ToArray();
            _enqueuedQueues.Clear();
        }
        if (_subscribers.IsEmpty) return;
        foreach (var queue in queues) _subscribers.Notify(queue);
    }
}
