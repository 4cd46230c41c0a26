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
        CreateJobsResult result;
        lock (_lock) result = Create(request.Jobs, _time.GetUtcNow());
        FlushNotifications();
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Batch, nameof(request));
        CreatedBatch created;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            CheckBatch(request.Batch);
            StoredBatch batch;
            if (request.AttachTo is { } attachTo)
            {
                if (!StoredValues.TryParseJobId(attachTo, out var attachId) || !_batches.TryGetValue(attachId, out batch!)) throw BatchNotFoundException.Missing(attachTo);
                if (batch.State != BatchState.Started) throw BatchFinishedException.Attach(attachTo, batch.State);
                batch.Total += request.Batch.Jobs.Count + request.Batch.Batches.Count;
            }
            else
            {
                batch = NewStoredBatch(request.Batch, null, now);
            }
            var jobIds = new List<string>();
            var batchIds = new List<string>();
            AddMembers(batch, request.Batch, jobIds, batchIds, now);
            created = new CreatedBatch(StoredValues.JobId(batch.Id), jobIds, batchIds);
        }
        FlushNotifications();
        return Task.FromResult(created);
    }

    /// <inheritdoc />
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!StoredValues.TryParseJobId(batchId, out var id) || !_batches.TryGetValue(id, out var batch) || batch.State != BatchState.Started) return Task.FromResult(false);
            batch.Cancelled = true;
            return Task.FromResult(true);
        }
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
                foreach (var parent in job.ParentIds)
                    if (_continuations.TryGetValue(parent, out var siblings)) siblings.Remove(id);
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
        lock (_lock) return read(new ReadView(_jobs, _servers, _recurring, _continuations, _enqueuedByQueue, _statistics, _pausedQueues, _batches));
    }

    internal readonly record struct ReadView(
        IReadOnlyDictionary<long, StoredJob> Jobs, IReadOnlyDictionary<string, ServerInfo> Servers,
        IReadOnlyDictionary<string, RecurringJobRecord> Recurring, IReadOnlyDictionary<long, List<long>> Continuations,
        IReadOnlyDictionary<string, SortedSet<long>> EnqueuedByQueue, InMemoryStatistics Statistics, IReadOnlySet<string> PausedQueues,
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
            var job = new StoredJob(++_lastId, spec.Queue, spec.Invocation, now) { ContinuationOptions = spec.ContinuationOptions, BatchId = batch?.Id };
            _jobs.Add(job.Id, job);
            batch?.Jobs.Add(job.Id);
            job.Parameters = spec.Parameters switch
            {
                null or { Count: 0 } => NoParameters,
                FrozenDictionary<string, string> shared => shared, // many jobs share their cultures' parameters
                var given => Snapshot(given),
            };
            Apply(job, new StateChange { State = spec.State, Kind = HistoryKind.Created, Reason = spec.Reason, ScheduledAt = spec.ScheduledAt }, now);
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

    private void Check(IReadOnlyList<NewJob> jobs)
    {
        foreach (var spec in jobs)
        {
            NewJobRules.Validate(spec, MaxInvocationBytes, "InMemoryJobStore.MaxInvocationBytes");
            foreach (var parentId in NewJobRules.ParentsOf(spec))
                if (!StoredValues.TryParseJobId(parentId, out var id) || (!_jobs.ContainsKey(id) && !_batches.ContainsKey(id))) throw JobNotFoundException.Parent(parentId);
        }
    }

    // Every job of a batch and of the batches nested in it, depth first, before anything is stored.
    private void CheckBatch(NewBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch.Jobs, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Batches, nameof(batch));
        Check(batch.Jobs);
        foreach (var nested in batch.Batches) CheckBatch(nested ?? throw new ArgumentException("A nested batch is null.", nameof(batch)));
    }

    private StoredBatch NewStoredBatch(NewBatch spec, StoredBatch? parent, DateTimeOffset now)
    {
        var batch = new StoredBatch(++_lastId, spec.Description, parent?.Id, now) { Total = spec.Jobs.Count + spec.Batches.Count };
        _batches.Add(batch.Id, batch);
        return batch;
    }

    // The batch's own jobs, then each nested batch with its members; a batch left without members finishes at once.
    private void AddMembers(StoredBatch batch, NewBatch spec, List<string> jobIds, List<string> batchIds, DateTimeOffset now)
    {
        jobIds.AddRange(Create(spec.Jobs, now, batch));
        foreach (var nestedSpec in spec.Batches)
        {
            var nested = NewStoredBatch(nestedSpec, batch, now);
            batchIds.Add(StoredValues.JobId(nested.Id));
            AddMembers(nested, nestedSpec, jobIds, batchIds, now);
        }
        if (batch.Total == 0) FinishIfDone(batch, null, now);
    }

    // A member moved (a job from one state to another, or a nested batch finished): the batch's counts follow, and the
    // batch finishes when the last member has (BatchRules).
    private void CountMember(long batchId, JobState? from, JobState to, DateTimeOffset? continuationsExpireAt, DateTimeOffset now)
    {
        var batch = _batches[batchId];
        batch.Succeeded += BatchRules.Delta(from, to, JobState.Succeeded);
        batch.Failed += BatchRules.Delta(from, to, JobState.Failed);
        batch.Deleted += BatchRules.Delta(from, to, JobState.Deleted);
        FinishIfDone(batch, continuationsExpireAt, now);
    }

    private void FinishIfDone(StoredBatch batch, DateTimeOffset? continuationsExpireAt, DateTimeOffset now)
    {
        if (batch.State != BatchState.Started || batch.Succeeded + batch.Failed + batch.Deleted < batch.Total) return;
        batch.State = BatchRules.FinishedState(batch.Cancelled, batch.Failed, batch.Deleted);
        batch.FinishedAt = now;
        var outcome = BatchRules.ParentStateOf(batch.State)!.Value;
        if (_continuations.TryGetValue(batch.Id, out var children))
            foreach (var child in children.Select(id => _jobs[id]).ToList())
                CountDown(child, batch.Id, outcome, continuationsExpireAt, now);
        if (batch.ParentBatchId is { } parent) CountMember(parent, null, outcome, continuationsExpireAt, now);
    }

    // The state of a parent (job or batch) as a continuation sees it: finished or not.
    private JobState ParentState(long id) =>
        _jobs.TryGetValue(id, out var job) ? job.State : BatchRules.ParentStateOf(_batches[id].State) ?? JobState.Awaiting;

    // Links a new continuation to its parents, counting down those that have already finished, in order, as if each
    // finished now (ContinuationRules): the first whose state the options don't name deletes it, the last releases it.
    private void Link(StoredJob job, IReadOnlyList<string> parentIds, DateTimeOffset? expireAtIfDeleted, DateTimeOffset now)
    {
        var finished = new List<JobState>();
        foreach (var parentId in parentIds)
        {
            var parent = StoredValues.TryParseJobId(parentId, out var id) ? id : throw JobNotFoundException.Parent(parentId);
            job.ParentIds.Add(parent);
            if (!_continuations.TryGetValue(parent, out var children)) _continuations[parent] = children = [];
            children.Add(job.Id);
            var parentState = ParentState(parent);
            if (ContinuationRules.Finishes(parentState)) finished.Add(parentState);
            else job.WaitingOn.Add(parent);
        }
        for (var i = 0; i < finished.Count; i++)
        {
            if (ContinuationRules.ReleaseAfter(finished[i], job.ContinuationOptions, job.WaitingOn.Count) is not { } state) continue;
            if (state == JobState.Enqueued && i != finished.Count - 1) continue; // the last finished parent releases it
            Apply(job, StateChange.Released(finished[i], state, expireAtIfDeleted), now);
            return;
        }
    }

    private StoredJob? Find(string jobId) =>
        StoredValues.TryParseJobId(jobId, out var id)
        && _jobs.TryGetValue(id, out var job) ? job : null;

    // Moves a job to a new state, keeping the indexes in step. Caller holds the lock.
    private void Apply(StoredJob job, StateChange change, DateTimeOffset now)
    {
        Unindex(job);
        // A new job has no history yet: it enters its first state without leaving one.
        var from = job.History.Count == 0 ? (JobState?)null : job.State;
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
            foreach (var child in children.Select(id => _jobs[id]).ToList())
                CountDown(child, job.Id, job.State, change.ContinuationsExpireAt, now);
        if (job.BatchId is { } batchId && from != job.State) CountMember(batchId, from, job.State, change.ContinuationsExpireAt, now);
    }

    // A parent's first finish counts once for each of its continuations; one still Awaiting may be released by it.
    private void CountDown(StoredJob continuation, long parentId, JobState parentState, DateTimeOffset? expireAtIfDeleted, DateTimeOffset now)
    {
        if (!continuation.WaitingOn.Remove(parentId) || continuation.State != JobState.Awaiting) return;
        if (ContinuationRules.ReleaseAfter(parentState, continuation.ContinuationOptions, continuation.WaitingOn.Count) is { } state)
            Apply(continuation, StateChange.Released(parentState, state, expireAtIfDeleted), now);
    }

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
        public List<long> ParentIds { get; } = [];
        public long? BatchId { get; init; }
        // The parents whose first finish has not been counted yet: the countdown of ContinuationRules.
        public HashSet<long> WaitingOn { get; } = [];
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
            ServerId = ServerId, LeaseExpiresAt = LeaseExpiresAt, ExpireAt = ExpireAt, ParentId = ParentIds.Count > 0 ? StoredValues.JobId(ParentIds[0]) : null, BatchId = BatchId is { } batch ? StoredValues.JobId(batch) : null,
            ContinuationOptions = ContinuationOptions, Result = Result, Progress = Progress,
            Parameters = Parameters,
        };
    }

    internal sealed class StoredBatch(long id, string? description, long? parentBatchId, DateTimeOffset createdAt)
    {
        public long Id { get; } = id;
        public string? Description { get; } = description;
        public long? ParentBatchId { get; } = parentBatchId;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public BatchState State { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public bool Cancelled { get; set; }
        public long Total { get; set; }
        public long Succeeded { get; set; }
        public long Failed { get; set; }
        public long Deleted { get; set; }
        public List<long> Jobs { get; } = [];
    }
}
