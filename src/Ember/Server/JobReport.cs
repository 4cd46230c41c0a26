using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Server;

/// <summary>
/// What a running job reports about itself through its <see cref="PerformContext"/>. Parameters are written at once
/// (a job may checkpoint with them); progress and log lines are buffered and written together a moment later, so a
/// job that logs in a loop costs one store call per <see cref="FlushDelay"/>, not one per line. The runner flushes what
/// is left before it writes the outcome. A write that fails is logged and dropped: a log never fails its job.
/// </summary>
internal sealed class JobReport(IJobStore store, FetchedJob fetched, EmberOptions options, ServerContext server)
{
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private Task _lastWrite = Task.CompletedTask;
    private List<JobLogLine> _lines = [];
    private int? _progress;
    private bool _flushScheduled;
    // Stores give the parameters with the claim; a store that doesn't costs one read, on first use.
    private IReadOnlyDictionary<string, string>? _parameters = fetched.Parameters;

    public async ValueTask<IReadOnlyDictionary<string, string>> ParametersAsync()
    {
        if (_parameters is { } known) return known;
        var details = await store.Queries.GetJobAsync(fetched.Id).ConfigureAwait(false);
        return _parameters = details?.Job.Parameters ?? new Dictionary<string, string>();
    }

    public async Task SetParameterAsync(string name, string? json)
    {
        var parameters = new Dictionary<string, string>(await ParametersAsync().ConfigureAwait(false), StringComparer.Ordinal);
        if (json is null) parameters.Remove(name);
        else parameters[name] = json;
        _parameters = parameters;
        await WriteAsync(new UpdateJobDataRequest(fetched.Id) { LeaseToken = fetched.LeaseToken, Parameters = new Dictionary<string, string?> { [name] = json } }).ConfigureAwait(false);
    }

    public void ReportProgress(int percent)
    {
        lock (_lock) _progress = Math.Clamp(percent, 0, 100);
        ScheduleFlush();
    }

    public void WriteLine(string text)
    {
        var line = new JobLogLine(server.Time.GetUtcNow(), text.Length <= options.MaxLogLineLength ? text : text[..options.MaxLogLineLength] + "…");
        lock (_lock) _lines.Add(line);
        ScheduleFlush();
    }

    /// <summary>Writes what is buffered; the runner calls it before it writes the outcome.</summary>
    public async Task FlushAsync()
    {
        List<JobLogLine> lines;
        int? progress;
        lock (_lock)
        {
            (lines, _lines) = (_lines, []);
            (progress, _progress) = (_progress, null);
            _flushScheduled = false;
        }
        if (lines.Count == 0 && progress is null) return;
        await WriteAsync(new UpdateJobDataRequest(fetched.Id)
        {
            LeaseToken = fetched.LeaseToken, Progress = progress, LogLines = lines, MaxLogLines = options.MaxLogLines,
        }).ConfigureAwait(false);
    }

    public bool HasPending
    {
        get { lock (_lock) return _lines.Count > 0 || _progress is not null; }
    }

    private void ScheduleFlush()
    {
        lock (_lock)
        {
            if (_flushScheduled) return;
            _flushScheduled = true;
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(FlushDelay, server.Time).ConfigureAwait(false);
            await FlushAsync().ConfigureAwait(false);
        });
    }

    // One write at a time, each after the one before, so lines reach the store in the order they were written.
    private Task WriteAsync(UpdateJobDataRequest request)
    {
        lock (_lock) return _lastWrite = WriteAfterAsync(_lastWrite, request);
    }

    private async Task WriteAfterAsync(Task previous, UpdateJobDataRequest request)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await store.UpdateJobDataAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.JobReportNotSaved(server.Logger, fetched.Id, ex);
        }
    }
}
