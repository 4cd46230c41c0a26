using System.Text.Json;

namespace Ember.Server;

/// <summary>
/// The running job's context, Hangfire's <c>PerformContext</c>: declare a parameter of this type and pass null at
/// enqueue; the job gets its context when it runs. It gives the job's id, attempt and queue, its cancellation token,
/// parameters stored with the job, and two things Hangfire has only through add-on packages: progress and a log, kept
/// with the job and shown live on the dashboard's job page.
/// </summary>
public sealed class PerformContext
{
    private readonly JobReport _report;
    private readonly JsonSerializerOptions _serializer;

    internal PerformContext(BackgroundJobInfo job, string queue, int attempt, string serverId, JobReport report, JsonSerializerOptions serializer, CancellationToken token)
    {
        BackgroundJob = job;
        Queue = queue;
        Attempt = attempt;
        ServerId = serverId;
        CancellationToken = new JobCancellationToken(token);
        _report = report;
        _serializer = serializer;
    }

    /// <summary>The job being run: id, method and arguments, creation time.</summary>
    public BackgroundJobInfo BackgroundJob { get; }

    /// <summary>The job's id.</summary>
    public string JobId => BackgroundJob.Id;

    /// <summary>The queue it was fetched from.</summary>
    public string Queue { get; }

    /// <summary>Which run this is: 1 for the first, more after retries, rescues and requeues.</summary>
    public int Attempt { get; }

    /// <summary>The id of the server running it.</summary>
    public string ServerId { get; }

    /// <summary>The job's cancellation token (Hangfire's shape; <see cref="IJobCancellationToken.ShutdownToken"/> is the token).</summary>
    public IJobCancellationToken CancellationToken { get; }

    /// <summary>Values for this run only, shared with the server filters' <see cref="PerformingContext.Items"/>.</summary>
    public IDictionary<string, object?> Items { get; internal init; } = new Dictionary<string, object?>();

    /// <summary>A parameter stored with the job (by a filter, an earlier run or this one), or the type's default.</summary>
    public T? GetJobParameter<T>(string name) => GetJobParameterAsync<T>(name).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="GetJobParameter{T}(string)"/>
    public async ValueTask<T?> GetJobParameterAsync<T>(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var parameters = await _report.ParametersAsync().ConfigureAwait(false);
        return JobParameters.Read<T>(parameters, name, JobId, _serializer);
    }

    /// <summary>
    /// Stores a parameter with the job at once (null removes it): later runs, filters and the dashboard see it, even
    /// if this run is cut short. Nothing is stored once the run has lost its lease.
    /// </summary>
    public void SetJobParameter<T>(string name, T value) => SetJobParameterAsync(name, value).GetAwaiter().GetResult();

    /// <inheritdoc cref="SetJobParameter{T}(string, T)"/>
    public Task SetJobParameterAsync<T>(string name, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _report.SetParameterAsync(name, JobParameters.Write(value, name, JobId, _serializer));
    }

    /// <summary>Reports the job's progress in percent (clamped to 0–100), shown on the dashboard.</summary>
    public void ReportProgress(int percent) => _report.ReportProgress(percent);

    /// <summary>
    /// Appends a line to the job's log, kept with the job until it expires and shown live on the dashboard (the newest
    /// <see cref="EmberOptions.MaxLogLines"/> lines; each cut at <see cref="EmberOptions.MaxLogLineLength"/> characters).
    /// </summary>
    public void WriteLine(string text) => _report.WriteLine(text ?? "");

#pragma warning disable CA1822 // Instance members, as the rest of the context: a job calls context.Snooze(...).
    /// <summary>
    /// Ends this run and schedules the job again <paramref name="delay"/> from now, without spending a retry (River's
    /// <c>JobSnooze</c>): throws <see cref="SnoozeJobException"/>, which the server catches. Don't catch it in the job.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Snooze(TimeSpan delay, string? reason = null) => throw new SnoozeJobException(delay, reason);

    /// <summary>
    /// Ends this run and the job: Deleted with <paramref name="reason"/>, no retry (River's <c>JobCancel</c>): throws
    /// <see cref="CancelJobException"/>, which the server catches. Don't catch it in the job.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Cancel(string reason) => throw new CancelJobException(reason);
#pragma warning restore CA1822
}
