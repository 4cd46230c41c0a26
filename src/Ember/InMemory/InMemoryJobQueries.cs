using Ember.Storage;

namespace Ember.InMemory;

internal sealed class InMemoryJobQueries(InMemoryJobStore store) : IJobQueries
{
    public Task<JobDetails?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view =>
            StoredValues.TryParseJobId(jobId, out var id)
            && view.Jobs.TryGetValue(id, out var job)
                ? new JobDetails(job.ToInfo(), job.History.ToArray())
                : null));

    public Task<IReadOnlyDictionary<JobState, long>> GetStateCountsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyDictionary<JobState, long>>(view =>
        {
            var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
            foreach (var job in view.Jobs.Values) counts[job.State]++;
            return counts;
        }));

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(JobListRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<JobInfo>>(view => view.Jobs.Values
            .Where(j => j.State == request.State && (request.Queue is null || j.Queue == request.Queue))
            .OrderByDescending(j => j.Id)
            .Skip(request.Offset).Take(request.Count)
            .Select(j => j.ToInfo()).ToArray()));

    public Task<RecurringJobRecord?> GetRecurringJobAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read(view => view.Recurring.GetValueOrDefault(id)));

    public Task<IReadOnlyList<RecurringJobRecord>> GetRecurringJobsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<RecurringJobRecord>>(view =>
            view.Recurring.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray()));

    public Task<IReadOnlyList<string>> GetContinuationIdsAsync(string parentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<string>>(view =>
            StoredValues.TryParseJobId(parentId, out var id)
            && view.Continuations.TryGetValue(id, out var children)
                ? children.Order().Select(StoredValues.JobId).ToArray()
                : []));

    public Task<IReadOnlyList<ServerInfo>> GetServersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Read<IReadOnlyList<ServerInfo>>(view =>
            view.Servers.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray()));
}
