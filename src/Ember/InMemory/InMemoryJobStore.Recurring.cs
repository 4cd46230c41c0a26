using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
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
}
