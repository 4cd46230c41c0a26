using System.Collections.Frozen;
using Ember.Storage;

namespace Ember.InMemory;

/// <summary>
/// A store that keeps jobs in process memory: for tests, development and benchmarks. Everything is lost when the
/// process ends, and servers in other processes can't share it. One lock guards all state; operations are short.
/// </summary>
public sealed class InMemoryJobStore : IJobStore, IJobNotifications
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<long, StoredJob> _jobs = [];
    private readonly Dictionary<string, SortedSet<long>> _enqueuedByQueue = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset At, long Id)> _scheduled = [];
    private readonly HashSet<long> _processing = [];
    private readonly SortedSet<(DateTimeOffset At, long Id)> _expiring = [];
    private readonly Dictionary<string, ServerInfo> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<long>> _continuations = [];
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
            foreach (var queue in request.Queues)
            {
                if (_pausedQueues.Contains(queue) || !_enqueuedByQueue.TryGetValue(queue, out var ids)) continue;
                while (fetched.Count < request.Count && ids.Count > 0)
                {
                    var job = _jobs[ids.Min];
                    var token = (++_lastLeaseToken).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    job.Attempt++;
                    Apply(job, StateChange.Processing(request.ServerId), now);
                    job.LeaseToken = token;
                    job.LeaseExpiresAt = now + request.LeaseDuration;
                    fetched.Add(new FetchedJob(job.IdText, job.Queue, job.Invocation, job.Attempt, token, job.CreatedAt)
                    {
                        Parameters = job.Parameters,
                    });
                }
            }
        }
        return Task.FromResult<IReadOnlyList<FetchedJob>>(fetched);
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
                job.Log.AddRange(lines);
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

    /// <inheritdoc />
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        int count;
        lock (_lock)
        {
            var expired = _processing.Select(id => _jobs[id]).Where(j => j.LeaseExpiresAt <= now).OrderBy(j => j.Id).Take(request.MaxCount).ToList();
            foreach (var job in expired)
                Apply(job, StateChange.Enqueued(HistoryKind.Rescued, job.ServerId), now);
            count = expired.Count;
        }
        FlushNotifications();
        return Task.FromResult(count);
    }

    /// <inheritdoc />
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        int count;
        lock (_lock)
        {
            var due = _scheduled.TakeWhile(s => s.At <= now).Take(request.MaxCount).ToList();
            foreach (var (_, id) in due)
                Apply(_jobs[id], StateChange.Enqueued(HistoryKind.Due), now);
            count = due.Count;
        }
        FlushNotifications();
        return Task.FromResult(count);
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var expired = _expiring.TakeWhile(s => s.At <= now).Take(request.MaxCount).ToList();
            foreach (var (_, id) in expired)
            {
                var job = _jobs[id];
                Unindex(job);
                _statistics.Removed(job.State);
                _jobs.Remove(id);
                _continuations.Remove(id);
                if (job.UniqueKey is { } key && _uniqueKeys.TryGetValue(key, out var holders) && holders.Remove(id) && holders.Count == 0) _uniqueKeys.Remove(key);
                if (job.ParentId is { } parent && _continuations.TryGetValue(parent, out var siblings)) siblings.Remove(id);
            }
            _statistics.Prune(now);
            return Task.FromResult(expired.Count);
        }
    }

    /// <inheritdoc />
    public Task HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var now = _time.GetUtcNow();
        lock (_lock)
            _servers[heartbeat.ServerId] = new ServerInfo(heartbeat.ServerId, heartbeat.Name, heartbeat.WorkerCount, heartbeat.Queues.ToArray(), heartbeat.StartedAt, now);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveServerAsync(string serverId, CancellationToken cancellationToken = default)
    {
        lock (_lock) _servers.Remove(serverId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> RemoveDeadServersAsync(RemoveDeadServersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cutoff = _time.GetUtcNow() - request.Timeout;
        lock (_lock)
        {
            var dead = _servers.Values.Where(s => s.LastHeartbeat < cutoff).Select(s => s.ServerId).ToList();
            foreach (var id in dead) _servers.Remove(id);
            return Task.FromResult(dead.Count);
        }
    }

    /// <inheritdoc />
    public Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recurringJob);
        lock (_lock)
        {
            var (createdAt, paused) = _recurring.TryGetValue(recurringJob.Id, out var existing) ? (existing.CreatedAt, existing.Paused) : (_time.GetUtcNow(), false);
            _recurring[recurringJob.Id] = recurringJob with { CreatedAt = createdAt, Paused = paused };
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_recurring.Remove(id));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        lock (_lock)
            return Task.FromResult<IReadOnlyList<RecurringJobRecord>>(_recurring.Values
                .Where(r => r.NextRunAt <= now && !r.Paused).OrderBy(r => r.NextRunAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Take(request.MaxCount).ToArray());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CreateJobsResult ids;
        lock (_lock)
        {
            if (!_recurring.TryGetValue(request.Id, out var recurring) || recurring.NextRunAt != request.ExpectedNextRunAt)
                return Task.FromResult<IReadOnlyList<string>?>(null);
            ids = Create(request.Jobs, _time.GetUtcNow());
            _recurring[request.Id] = recurring with
            {
                NextRunAt = request.NextRunAt, LastRunAt = request.RunAt, LastJobId = ids.Count > 0 ? ids[^1] : recurring.LastJobId, Error = null,
            };
        }
        FlushNotifications();
        return Task.FromResult<IReadOnlyList<string>?>(ids);
    }

    /// <inheritdoc />
    public Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_recurring.TryGetValue(request.Id, out var recurring) || recurring.NextRunAt != request.ExpectedNextRunAt) return Task.FromResult(false);
            _recurring[request.Id] = recurring with { NextRunAt = null, Error = request.Error };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool changed;
        lock (_lock)
        {
            changed = request.Paused ? _pausedQueues.Add(request.Name) : _pausedQueues.Remove(request.Name);
            // Resumed: servers waiting for this queue hear of its jobs again.
            if (changed && !request.Paused && _enqueuedByQueue.TryGetValue(request.Name, out var ids) && ids.Count > 0) _enqueuedQueues.Add(request.Name);
        }
        FlushNotifications();
        return Task.FromResult(changed);
    }

    /// <inheritdoc />
    public Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_recurring.TryGetValue(request.Name, out var recurring)) return Task.FromResult(false);
            _recurring[request.Name] = recurring with { Paused = request.Paused };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new HeldLease(request.JobId, request.LeaseToken);
        lock (_lock)
        {
            if (_mutexes.TryGetValue(request.Name, out var holder) && holder != run && Find(holder.JobId) is { State: JobState.Processing } held && held.LeaseToken == holder.LeaseToken)
                return Task.FromResult(false);
            _mutexes[request.Name] = run;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseMutexAsync(MutexRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
            if (_mutexes.TryGetValue(request.Name, out var holder) && holder == new HeldLease(request.JobId, request.LeaseToken))
                _mutexes.Remove(request.Name);
        return Task.CompletedTask;
    }

    internal T Read<T>(Func<ReadView, T> read)
    {
        lock (_lock) return read(new ReadView(_jobs, _servers, _recurring, _continuations, _enqueuedByQueue, _statistics, _pausedQueues));
    }

    internal readonly record struct ReadView(
        IReadOnlyDictionary<long, StoredJob> Jobs, IReadOnlyDictionary<string, ServerInfo> Servers,
        IReadOnlyDictionary<string, RecurringJobRecord> Recurring, IReadOnlyDictionary<long, List<long>> Continuations,
        IReadOnlyDictionary<string, SortedSet<long>> EnqueuedByQueue, InMemoryStatistics Statistics, IReadOnlySet<string> PausedQueues);

    // Stores new jobs; all or nothing: every job is checked before the first is stored. Caller holds the lock.
    private CreateJobsResult Create(IReadOnlyList<NewJob> jobs, DateTimeOffset now)
    {
        foreach (var spec in jobs)
        {
            NewJobRules.Validate(spec, MaxInvocationBytes, "InMemoryJobStore.MaxInvocationBytes");
            if (spec.ParentId is { } parentId && Find(parentId) is null) throw JobNotFoundException.Parent(parentId);
        }
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
            var job = new StoredJob(++_lastId, spec.Queue, spec.Invocation, now) { ContinuationOptions = spec.ContinuationOptions };
            _jobs.Add(job.Id, job);
            job.Parameters = spec.Parameters switch
            {
                null or { Count: 0 } => NoParameters,
                FrozenDictionary<string, string> shared => shared, // many jobs share their cultures' parameters
                var given => Snapshot(given),
            };
            Apply(job, new StateChange { State = spec.State, Kind = HistoryKind.Created, Reason = spec.Reason, ScheduledAt = spec.ScheduledAt }, now);
            if (spec.ParentId is not null)
            {
                var parent = Find(spec.ParentId)!;
                job.ParentId = parent.Id;
                if (!_continuations.TryGetValue(parent.Id, out var children)) _continuations[parent.Id] = children = [];
                children.Add(job.Id);
                if (ContinuationRules.Finishes(parent.State)) Release(job, parent, spec.ExpireAtIfDeleted, now);
            }
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

    // The holder takes the new job's arguments and due time; it stays Scheduled. Caller holds the lock.
    private void Debounce(StoredJob holder, NewJob spec, DateTimeOffset now)
    {
        _scheduled.Remove((holder.ScheduledAt!.Value, holder.Id));
        holder.Invocation = spec.Invocation;
        holder.ScheduledAt = spec.ScheduledAt;
        _scheduled.Add((holder.ScheduledAt!.Value, holder.Id));
        holder.History.Add(new StateHistoryEntry(JobState.Scheduled, HistoryKind.Debounced, now, spec.Reason, null, null, null));
    }

    // The newest job created with the key that still holds it (in one of its states, within its period). Caller holds the lock.
    private StoredJob? HolderOf(UniqueJobOptions unique, DateTimeOffset now)
    {
        if (!_uniqueKeys.TryGetValue(unique.Key, out var holders)) return null;
        var since = unique.Since(now);
        for (var i = holders.Count - 1; i >= 0; i--)
        {
            var job = _jobs[holders[i]];
            if (since is { } oldest && job.CreatedAt < oldest) return null;
            if (unique.HoldsIn(job.State)) return job;
        }
        return null;
    }

    private static readonly IReadOnlyDictionary<string, string> NoParameters = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    // A job's parameters are never changed in place: updates replace them, so readers get them without a copy.
    private static System.Collections.ObjectModel.ReadOnlyDictionary<string, string> Snapshot(IEnumerable<KeyValuePair<string, string>> parameters) =>
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>(parameters, StringComparer.Ordinal));

    private StoredJob? Find(string jobId) =>
        StoredValues.TryParseJobId(jobId, out var id)
        && _jobs.TryGetValue(id, out var job) ? job : null;

    // Moves a job to a new state, keeping the indexes in step. Caller holds the lock.
    private void Apply(StoredJob job, StateChange change, DateTimeOffset now)
    {
        Unindex(job);
        // A new job has no history yet: it enters its first state without leaving one.
        _statistics.Moved(job.History.Count == 0 ? null : job.State, change.State, now);
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
                break;
            case JobState.Scheduled:
                _scheduled.Add((job.ScheduledAt ?? now, job.Id));
                break;
            case JobState.Processing:
                _processing.Add(job.Id);
                break;
        }
        if (job.ExpireAt is { } expireAt) _expiring.Add((expireAt, job.Id));
        if (job.State == JobState.Enqueued) _enqueuedQueues.Add(job.Queue);
        if (ContinuationRules.Finishes(job.State) && _continuations.TryGetValue(job.Id, out var children))
            foreach (var child in children.Select(id => _jobs[id]).Where(c => c.State == JobState.Awaiting).ToList())
                Release(child, job, change.ContinuationsExpireAt, now);
    }

    private void Release(StoredJob continuation, StoredJob parent, DateTimeOffset? expireAtIfDeleted, DateTimeOffset now) =>
        Apply(continuation, StateChange.Released(parent.State, ContinuationRules.Release(parent.State, continuation.ContinuationOptions), expireAtIfDeleted), now);

    private void Unindex(StoredJob job)
    {
        switch (job.State)
        {
            // A new job starts with the default state and is in no index yet, hence TryGetValue.
            case JobState.Enqueued when _enqueuedByQueue.TryGetValue(job.Queue, out var ids): ids.Remove(job.Id); break;
            case JobState.Scheduled: _scheduled.Remove((job.ScheduledAt!.Value, job.Id)); break;
            case JobState.Processing: _processing.Remove(job.Id); break;
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

    internal sealed class StoredJob(long id, string queue, string invocation, DateTimeOffset createdAt)
    {
        public long Id { get; } = id;
        public string IdText { get; } = StoredValues.JobId(id);
        public string Queue { get; } = queue;
        public string Invocation { get; set; } = invocation;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public JobState State { get; set; }
        public DateTimeOffset StateChangedAt { get; set; }
        public DateTimeOffset? ScheduledAt { get; set; }
        public DateTimeOffset? ExpireAt { get; set; }
        public JobError? LastError { get; set; }
        public int Attempt { get; set; }
        public string? ServerId { get; set; }
        public string? LeaseToken { get; set; }
        public DateTimeOffset? LeaseExpiresAt { get; set; }
        public List<StateHistoryEntry> History { get; } = [];
        public long? ParentId { get; set; }
        public JobContinuationOptions ContinuationOptions { get; init; }
        public string? Result { get; set; }
        public IReadOnlyDictionary<string, string> Parameters { get; set; } = NoParameters;
        public int? Progress { get; set; }
        public List<JobLogLine> Log { get; } = [];
        public string? UniqueKey { get; set; }

        public JobInfo ToInfo() => new()
        {
            Id = IdText, Queue = Queue, State = State, Invocation = Invocation, CreatedAt = CreatedAt,
            StateChangedAt = StateChangedAt, Attempt = Attempt, ScheduledAt = ScheduledAt, LastError = LastError,
            ServerId = ServerId, LeaseExpiresAt = LeaseExpiresAt, ExpireAt = ExpireAt, ParentId = (ParentId is { } parent ? StoredValues.JobId(parent) : null),
            ContinuationOptions = ContinuationOptions, Result = Result, Progress = Progress,
            Parameters = Parameters,
        };
    }
}
