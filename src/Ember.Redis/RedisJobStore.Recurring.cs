using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    public async Task UpsertRecurringJobAsync(RecurringJobRecord recurringJob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recurringJob);
        var args = Args(RedisScripts.UpsertRecurring, 10);
        args.Add(recurringJob.Id);
        args.Add(recurringJob.Cron);
        args.Add(recurringJob.TimeZoneId);
        args.Add(recurringJob.Queue);
        args.Add(recurringJob.Invocation);
        args.Add(StoredValues.Name(recurringJob.Misfire));
        args.Add(RedisValues.Ms(recurringJob.NextRunAt));
        args.Add(RedisValues.Ms(recurringJob.LastRunAt));
        args.Add(recurringJob.LastJobId ?? string.Empty);
        args.Add(recurringJob.Error ?? string.Empty);
        await _connection.EvaluateAsync(RedisScripts.UpsertRecurring, [.. args]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRecurringJobAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var args = Args(RedisScripts.RemoveRecurring, 1);
        args.Add(id);
        return (int)await _connection.EvaluateAsync(RedisScripts.RemoveRecurring, [.. args]).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecurringJobRecord>> GetDueRecurringJobsAsync(DueRecurringJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxCount <= 0) return [];
        var args = Args(RedisScripts.DueRecurring, 1);
        args.Add(request.MaxCount);
        var rows = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.DueRecurring, [.. args]).ConfigureAwait(false))!;
        return rows.Select(row => RedisJobReader.Recurring((RedisValue[])row!)).ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>?> FireRecurringJobAsync(FireRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var args = Args(now, 5);
        args.Add(request.Id);
        args.Add(RedisValues.Ms(request.ExpectedNextRunAt));
        args.Add(RedisValues.Ms(request.NextRunAt));
        args.Add(RedisValues.Ms(request.RunAt));
        args.Add(NewJobsJson(request.Jobs, _maxInvocationBytes, now));
        var result = (RedisResult[])(await _connection.EvaluateAsync(RedisScripts.FireRecurring, [.. args]).ConfigureAwait(false))!;
        if ((int)result[0] == 0) return null;
        _work.Notify(result[2]);
        return ToStrings(result[1]);
    }

    /// <inheritdoc />
    public async Task<bool> DisableRecurringJobAsync(DisableRecurringJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = Args(RedisScripts.DisableRecurring, 3);
        args.Add(request.Id);
        args.Add(RedisValues.Ms(request.ExpectedNextRunAt));
        args.Add(request.Error);
        return (int)await _connection.EvaluateAsync(RedisScripts.DisableRecurring, [.. args]).ConfigureAwait(false) == 1;
    }
}
