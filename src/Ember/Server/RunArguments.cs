using System.Reflection;
using System.Text.Json;
using Ember.Invocations;
using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// The values a run fills in for <see cref="RunTimeArgument"/> parameters, and the run's <see cref="JobReport"/>, made
/// only when the job or a filter asks: a plain job costs none of it. A continuation's parent is read once, before the
/// method runs (<see cref="PrepareAsync"/>), so that a result that doesn't fit fails the job at once, unretried.
/// </summary>
internal sealed class RunArguments(RunningJob running, IJobStore store, EmberOptions options, ServerContext server)
{
    private JobReport? _report;
    private PerformContext? _context;
    private readonly Dictionary<int, object?> _prepared = []; // filled before the run: job parameters, the parent's result or exception

    public JobReport Report => _report ??= new JobReport(store, running.Fetched, options, server);

    public bool HasReport => _report is not null;

    public PerformContext Context => _context ??= new PerformContext(
        new BackgroundJobInfo(running.Fetched.Id, running.Job!, running.Fetched.CreatedAt), running.Fetched.Queue, running.Fetched.Attempt,
        server.Id, Report, options.SerializerOptions, running.Token);

    /// <summary>Reads the job parameters that parameters take, and the parent of a continuation that takes its result or exception.</summary>
    /// <exception cref="JobLoadException">When a job parameter, the parent or its result can't give what a parameter asks for.</exception>
    public async Task PrepareAsync()
    {
        var job = running.Job!;
        var kinds = RunTimeArguments.Of(job.Method);
        if (kinds.Contains(RunTimeArgument.FromParameter)) await ReadJobParametersAsync(kinds, job).ConfigureAwait(false);
        if (!kinds.Contains(RunTimeArgument.FromResult) && !kinds.Contains(RunTimeArgument.FromException) && !kinds.Contains(RunTimeArgument.FromResults)) return;
        var self = await store.Queries.GetJobAsync(running.Fetched.Id).ConfigureAwait(false);
        var parent = self?.Job.ParentId is { } parentId ? await store.Queries.GetJobAsync(parentId).ConfigureAwait(false) : null;
        var parameters = job.Method.GetParameters();
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == RunTimeArgument.FromResult) _prepared[i] = ParentResult(parent, self?.Job.ParentId, parameters[i], job);
            else if (kinds[i] == RunTimeArgument.FromException) _prepared[i] = ParentException(parent);
            else if (kinds[i] == RunTimeArgument.FromResults) _prepared[i] = await ParentResultsAsync(self, parameters[i], job).ConfigureAwait(false);
        }
    }

    public object? ValueFor(int position, RunTimeArgument kind) => kind switch
    {
        RunTimeArgument.CancellationToken => running.Token,
        RunTimeArgument.JobCancellationToken => new JobCancellationToken(running.Token),
        RunTimeArgument.PerformContext => Context,
        _ => _prepared.GetValueOrDefault(position),
    };

    private async Task ReadJobParametersAsync(RunTimeArgument[] kinds, Job job)
    {
        var parameters = job.Method.GetParameters();
        var stored = await Report.ParametersAsync().ConfigureAwait(false);
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] != RunTimeArgument.FromParameter) continue;
            var name = parameters[i].GetCustomAttribute<FromParameterAttribute>()!.ParameterName;
            try
            {
                _prepared[i] = JobParameters.Read(stored, name, running.Fetched.Id, parameters[i].ParameterType, options.SerializerOptions);
            }
            catch (InvalidOperationException ex)
            {
                throw new JobLoadException($"Parameter '{parameters[i].Name}' of {job.Type.Name}.{job.Method.Name} is [FromParameter(\"{name}\")], but its stored value doesn't fit: {ex.Message}", ex);
            }
        }
    }

    private object? ParentResult(JobDetails? parent, string? parentId, ParameterInfo parameter, Job job)
    {
        var type = parameter.ParameterType;
        var where = $"Parameter '{parameter.Name}' of {job.Type.Name}.{job.Method.Name}";
        if (parentId is null) throw new JobLoadException($"{where} is [FromResult], but job {running.Fetched.Id} is not a continuation: enqueue it with ContinueJobWith.");
        if (parent is null) throw new JobLoadException($"{where} is [FromResult], but parent job {parentId} no longer exists (it expired before the continuation ran).");
        if (parent.Job.Result is not { } json)
        {
            // A result too large to keep is noted on the Succeeded entry: the continuation must not run on a default.
            if (parent.Job.State == JobState.Succeeded && parent.History.LastOrDefault(h => h.State == JobState.Succeeded)?.Reason is { } note)
                throw new JobLoadException($"{where} is [FromResult], but parent job {parentId} has no stored result: {note}");
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, type, options.SerializerOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new JobLoadException($"{where} is [FromResult] of type {type.Name}, but parent job {parentId}'s result can't be read as one: {Cut(json)} ({ex.Message}).", ex);
        }
    }

    // Every parent's result, in the parents' order; a batch parent's are its jobs', oldest first, then its nested batches'.
    private async Task<object> ParentResultsAsync(JobDetails? self, ParameterInfo parameter, Job job)
    {
        var elementType = FromResultsAttribute.ElementTypeOf(parameter.ParameterType)!;
        var where = $"Parameter '{parameter.Name}' of {job.Type.Name}.{job.Method.Name}";
        if (self is not { ParentIds.Count: > 0 }) throw new JobLoadException($"{where} is [FromResults], but job {running.Fetched.Id} is not a continuation: enqueue it with ContinueJobWith.");
        var values = new List<object?>();
        foreach (var parentId in self.ParentIds)
        {
            if (await store.Queries.GetJobAsync(parentId).ConfigureAwait(false) is { } parent)
                values.Add(ResultOf(parent.Job, parent.History, parentId, elementType, where));
            else if (await store.Queries.GetBatchAsync(parentId).ConfigureAwait(false) is not null)
                await AddBatchResultsAsync(parentId, values, elementType, where).ConfigureAwait(false);
            else
                throw new JobLoadException($"{where} is [FromResults], but parent {parentId} no longer exists (it expired before the continuation ran).");
        }
        var results = Array.CreateInstance(elementType, values.Count);
        for (var i = 0; i < values.Count; i++) results.SetValue(values[i], i);
        return parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(List<>)
            ? Activator.CreateInstance(parameter.ParameterType, results)!
            : results;
    }

    private async Task AddBatchResultsAsync(string batchId, List<object?> values, Type elementType, string where)
    {
        // Pages come newest first: read them all, then add them oldest first.
        var members = new List<JobInfo>();
        string? before = null;
        while (await store.Queries.GetBatchJobsAsync(new BatchJobsRequest(batchId, 1_000) { BeforeId = before }).ConfigureAwait(false) is { Count: > 0 } page)
        {
            members.AddRange(page);
            before = page[^1].Id;
        }
        for (var i = members.Count - 1; i >= 0; i--) values.Add(ResultOf(members[i], history: null, members[i].Id, elementType, where));
        var nested = new List<BatchInfo>();
        before = null;
        while (await store.Queries.GetBatchesAsync(new BatchListRequest(1_000) { ParentBatchId = batchId, BeforeId = before }).ConfigureAwait(false) is { Count: > 0 } page)
        {
            nested.AddRange(page);
            before = page[^1].Id;
        }
        for (var i = nested.Count - 1; i >= 0; i--) await AddBatchResultsAsync(nested[i].Id, values, elementType, where).ConfigureAwait(false);
    }

    private object? ResultOf(JobInfo parent, IReadOnlyList<StateHistoryEntry>? history, string parentId, Type type, string where)
    {
        if (parent.Result is not { } json)
        {
            if (parent.State == JobState.Succeeded && history?.LastOrDefault(h => h.State == JobState.Succeeded)?.Reason is { } note)
                throw new JobLoadException($"{where} is [FromResults], but parent job {parentId} has no stored result: {note}");
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, type, options.SerializerOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new JobLoadException($"{where} is [FromResults] of {type.Name}, but parent job {parentId}'s result can't be read as one: {Cut(json)} ({ex.Message}).", ex);
        }
    }

    private static ExceptionInfo? ParentException(JobDetails? parent) =>
        parent?.Job is { State: JobState.Failed or JobState.Deleted, LastError: { } error } ? new ExceptionInfo(error.Type, error.Message, error.Details) : null;

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
