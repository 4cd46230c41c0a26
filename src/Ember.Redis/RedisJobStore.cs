using System.Text.Json;
using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// A job store on Redis: each operation is one Lua script call (one round trip) that does the whole transition,
/// indexes, history and continuations included. Key layout and durability: docs/redis.md.
/// </summary>
public sealed partial class RedisJobStore : IJobStore, IJobNotifications, IJobStoreWarmUp, IAsyncDisposable
{
    private const int UpgradeBatch = 1000;
    private readonly TimeProvider _time;
    private readonly RedisKeys _keys;
    private readonly RedisConnection _connection;
    private readonly RedisWorkChannel _work;
    private readonly int _maxInvocationBytes;

    /// <summary>Creates a store that connects by itself, using <see cref="RedisStoreOptions.Configuration"/>.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public RedisJobStore(RedisStoreOptions options, TimeProvider? timeProvider = null)
        : this(options, null, timeProvider, requireConfiguration: true)
    {
    }

    /// <summary>Creates a store on the application's multiplexer, which the store uses but does not dispose.</summary>
    /// <param name="multiplexer">A multiplexer; best created with <c>abortConnect=false</c> so it survives Redis restarts.</param>
    /// <param name="options">The options; <see cref="RedisStoreOptions.Configuration"/> is ignored.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public RedisJobStore(IConnectionMultiplexer multiplexer, RedisStoreOptions options, TimeProvider? timeProvider = null)
        : this(options, multiplexer ?? throw new ArgumentNullException(nameof(multiplexer)), timeProvider, requireConfiguration: false)
    {
    }

    private RedisJobStore(RedisStoreOptions options, IConnectionMultiplexer? multiplexer, TimeProvider? timeProvider, bool requireConfiguration)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(requireConfiguration);
        _time = timeProvider ?? TimeProvider.System;
        _keys = new RedisKeys(options.KeyPrefix);
        _maxInvocationBytes = options.MaxInvocationBytes;
        _connection = new RedisConnection(options, _keys, multiplexer);
        _work = new RedisWorkChannel(_connection, _keys);
        Queries = new RedisJobQueries(_connection, _keys, _time);
    }

    /// <inheritdoc />
    public IJobQueries Queries { get; }

    /// <summary>
    /// Connects, checks that Redis answers within <see cref="RedisStoreOptions.ConnectTimeout"/> (else throws naming the
    /// endpoint), loads the scripts, builds the dashboard's indexes when the keys were written by an earlier Ember, and
    /// listens for work published by other processes. Safe to call more than once.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _connection.CheckAsync(cancellationToken).ConfigureAwait(false);
        // A store written by an earlier Ember gets the read side's indexes, a bounded batch per call (upgrade.lua); a
        // store that has them answers in one call.
        while ((int)await _connection.EvaluateAsync(RedisScripts.Upgrade, [_keys.Base, RedisValues.Ms(_time.GetUtcNow()), UpgradeBatch]).ConfigureAwait(false) == 0)
            cancellationToken.ThrowIfCancellationRequested();
        await _work.StartAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<string> onWork) => _work.Subscribe(onWork);

    /// <inheritdoc />
    public async Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        NewJobRules.RefuseGivenIds(request.Jobs);
        if (request.Jobs.Count == 0) return CreateJobsResult.Empty;
        var now = _time.GetUtcNow();
        var result = await CreateScriptAsync(now, NewJobsJson(request.Jobs, _maxInvocationBytes, now)).ConfigureAwait(false);
        _work.Notify(result[1]);
        return new CreateJobsResult(ToStrings(result[0]), ((int[])result[2]!).Select(position => position - 1));
    }

    /// <inheritdoc />
    public async Task WarmUpAsync(CreateJobsRequest sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        NewJobRules.RefuseGivenIds(sample.Jobs);
        // The jobs are checked and written out as CreateJobsAsync does, and the script (loaded into Redis on its first
        // call) is given none of them: it writes nothing. A fetch can't be undone here; the servers' idle fetches run
        // its script already.
        var now = _time.GetUtcNow();
        _ = NewJobsJson(sample.Jobs, _maxInvocationBytes, now);
        await CreateScriptAsync(now, "[]").ConfigureAwait(false);
    }

    // create.lua with the jobs as NewJobsJson writes them: { ids, woken queues, positions of jobs whose unique key was held }.
    private async Task<RedisResult[]> CreateScriptAsync(DateTimeOffset now, string jobsJson)
    {
        var args = Args(now, 1);
        args.Add(jobsJson);
        return (RedisResult[])(await _connection.EvaluateWriteAsync(RedisScripts.Create, [.. args]).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FetchedJob>> FetchJobsAsync(FetchJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count <= 0 || request.Queues.Count == 0) return [];
        var now = _time.GetUtcNow();
        var args = Args(now, 3 + request.Queues.Count);
        args.Add(request.Count);
        args.Add(RedisValues.Ms(now + request.LeaseDuration));
        args.Add(request.ServerId);
        foreach (var queue in request.Queues) args.Add(queue);
        var flat = (RedisValue[])(await _connection.EvaluateAsync(RedisScripts.Fetch, [.. args]).ConfigureAwait(false))!;
        const int PerJob = 7; // see fetch.lua
        var fetched = new FetchedJob[flat.Length / PerJob];
        for (var i = 0; i < fetched.Length; i++)
        {
            var at = i * PerJob;
            fetched[i] = new FetchedJob(
                flat[at]!, flat[at + 1]!, flat[at + 2]!, (int)flat[at + 3], flat[at + 4]!, RedisValues.FromMs(flat[at + 5]!))
            {
                Parameters = StoredValues.ParseParameters(flat[at + 6]),
            };
        }
        return fetched;
    }

    /// <inheritdoc />
    public async Task<CompleteJobsResult> CompleteJobsAsync(CompleteJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new CompletionResult[request.Completions.Count];
        if (results.Length == 0) return new CompleteJobsResult(results);
        var args = Args(RedisScripts.Complete, 1);
        args.Add(JsonSerializer.Serialize(request.Completions.Select(c => RedisChange.From(c.Change, c.JobId, c.LeaseToken)).ToArray(), RedisJsonContext.Default.RedisChangeArray));
        var result = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.Complete, [.. args]).ConfigureAwait(false))!;
        Array.Fill(results, CompletionResult.LeaseLost);
        foreach (var position in (int[])result[0]!) results[position - 1] = CompletionResult.Applied;
        foreach (var position in (int[])result[1]!) results[position - 1] = CompletionResult.RunAlreadyCompleted;
        _work.Notify(result[2]);
        return new CompleteJobsResult(results);
    }

    /// <inheritdoc />
    public async Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RedisValues.IsJobId(request.JobId) || request.ExpectedStates.Count == 0) return false;
        var args = Args(RedisScripts.ChangeState, 3);
        args.Add(request.JobId);
        args.Add(string.Join(',', request.ExpectedStates.Select(StoredValues.Name)));
        args.Add(JsonSerializer.Serialize(RedisChange.From(request.Change), RedisJsonContext.Default.RedisChange));
        var result = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.ChangeState, [.. args]).ConfigureAwait(false))!;
        _work.Notify(result[1]);
        return (int)result[0] == 1;
    }

    /// <inheritdoc />
    public async Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Given twice, a job would be compared and set twice in the script: once is what the contract says.
        var ids = request.JobIds.Where(RedisValues.IsJobId).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0 || request.ExpectedStates.Count == 0) return 0;
        var args = Args(RedisScripts.ChangeStates, 2 + ids.Length);
        args.Add(string.Join(',', request.ExpectedStates.Select(StoredValues.Name)));
        args.Add(JsonSerializer.Serialize(RedisChange.From(request.Change), RedisJsonContext.Default.RedisChange));
        foreach (var id in ids) args.Add(id);
        var result = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.ChangeStates, [.. args]).ConfigureAwait(false))!;
        _work.Notify(result[1]);
        return (int)result[0];
    }

    /// <inheritdoc />
    public async Task<bool> UpdateJobDataAsync(UpdateJobDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RedisValues.IsJobId(request.JobId)) return false;
        var lines = request.LogLines ?? [];
        var args = Args(RedisScripts.UpdateData, 5 + lines.Count);
        args.Add(request.JobId);
        args.Add(request.LeaseToken ?? "");
        args.Add(request.Parameters is { Count: > 0 } parameters ? StoredValues.ParametersJson(parameters) : "");
        args.Add(request.Progress is { } progress ? progress.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        args.Add(request.MaxLogLines);
        foreach (var line in lines)
            args.Add(JsonSerializer.Serialize(new LogLineJson(line.At.ToUnixTimeMilliseconds(), line.Text), RedisJsonContext.Default.LogLineJson));
        var result = await _connection.EvaluateAsync(RedisScripts.UpdateData, [.. args]).ConfigureAwait(false);
        return (int)result! == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HeldLease>> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Leases.Count == 0) return [];
        var now = _time.GetUtcNow();
        var args = Args(now, 1 + request.Leases.Count * 2);
        args.Add(RedisValues.Ms(now + request.LeaseDuration));
        foreach (var lease in request.Leases)
        {
            args.Add(lease.JobId);
            args.Add(lease.LeaseToken);
        }
        var lost = (int[])(await _connection.EvaluateAsync(RedisScripts.Extend, [.. args]).ConfigureAwait(false))!;
        return lost.Select(index => request.Leases[index - 1]).ToArray();
    }

    /// <inheritdoc />
    public Task<int> RescueExpiredLeasesAsync(RescueExpiredLeasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MoveAsync(RedisScripts.Rescue, request.MaxCount);
    }

    /// <inheritdoc />
    public Task<int> EnqueueDueScheduledAsync(EnqueueDueScheduledRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MoveAsync(RedisScripts.EnqueueDue, request.MaxCount);
    }

    /// <inheritdoc />
    public async Task<int> DeleteExpiredJobsAsync(DeleteExpiredJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return 0;
        var args = Args(RedisScripts.DeleteExpired, 1);
        args.Add(request.MaxCount);
        return (int)await _connection.EvaluateAsync(RedisScripts.DeleteExpired, [.. args]).ConfigureAwait(false);
    }

    /// <summary>Stops listening for work and, when the store connected by itself, closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _work.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> MoveAsync(RedisScript script, int maxCount)
    {
        if (maxCount <= 0) return 0;
        var args = Args(script, 1);
        args.Add(maxCount);
        var result = (RedisResult[])(await _connection.EvaluateAsync(script, [.. args]).ConfigureAwait(false))!;
        _work.Notify(result[1]);
        return (int)result[0];
    }

    // The first two arguments of every script: the key base and "now" from the application's clock.
    private List<RedisValue> Args(RedisScript script, int extra)
    {
        _ = script;
        return Args(_time.GetUtcNow(), extra);
    }

    private List<RedisValue> Args(DateTimeOffset now, int extra) => new(2 + extra) { _keys.Base, RedisValues.Ms(now) };

    /// <summary>Checks every job, then writes them as the scripts' JSON layout (<see cref="RedisNewJob"/>).</summary>
    internal static string NewJobsJson(IReadOnlyList<NewJob> jobs, int maxInvocationBytes, DateTimeOffset now)
    {
        CheckNewJobs(jobs, maxInvocationBytes);
        return JsonSerializer.Serialize(jobs.Select(job => RedisNewJob.From(job, now)).ToArray(), RedisJsonContext.Default.RedisNewJobArray);
    }

    /// <summary>Checks every job before anything is sent: the rules, and parent ids a script could look up.</summary>
    internal static void CheckNewJobs(IReadOnlyList<NewJob> jobs, int maxInvocationBytes)
    {
        foreach (var job in jobs)
        {
            NewJobRules.Validate(job, maxInvocationBytes, "RedisStoreOptions.MaxInvocationBytes");
            foreach (var parentId in NewJobRules.ParentsOf(job))
                if (!RedisValues.IsJobId(parentId)) throw JobNotFoundException.Parent(parentId);
        }
    }

    private static string[] ToStrings(RedisResult result) => ((RedisValue[])result!).Select(v => (string)v!).ToArray();
}
