using Ember.Invocations;
using Ember.Storage.Monitoring;

namespace Ember.Storage;

// Each call is one or two IJobQueries calls, waited for: the shape Hangfire code expects, over the dashboard's read side.
internal sealed class MonitoringApi(IJobStore store, InvocationBinder binder, TimeProvider time) : IMonitoringApi
{
    private const int FirstJobsPerQueue = 5;
    private readonly IJobQueries queries = store.Queries;

    public bool PauseQueue(string queue) => Wait(store.PauseQueueAsync(queue));

    public bool ResumeQueue(string queue) => Wait(store.ResumeQueueAsync(queue));

    public IList<string> PausedQueues() => Wait(queries.GetPausedQueuesAsync()).ToList();

    public void SetConcurrencyLimit(string key, int? limit) => store.SetConcurrencyLimitAsync(new SetConcurrencyLimitRequest(key, limit)).GetAwaiter().GetResult();

    public IList<ConcurrencyKeyInfo> ConcurrencyKeys() => Wait(queries.GetConcurrencyKeysAsync()).ToList();

    public IList<RateLimitInfo> RateLimits() => Wait(queries.GetRateLimitsAsync(new RateLimitListRequest())).ToList();

    public IList<QueueWithTopEnqueuedJobsDto> Queues() => Wait(queries.GetQueuesAsync()).Select(queue => new QueueWithTopEnqueuedJobsDto
    {
        Name = queue.Name, Length = queue.Enqueued, FirstJobs = EnqueuedJobs(queue.Name, 0, FirstJobsPerQueue),
    }).ToList();

    public IList<ServerDto> Servers() => Wait(queries.GetServersAsync()).Select(server => new ServerDto
    {
        Name = server.ServerId, WorkersCount = server.WorkerCount, StartedAt = server.StartedAt.UtcDateTime,
        Queues = server.Queues.ToList(), Heartbeat = server.LastHeartbeat.UtcDateTime,
    }).ToList();

    public JobDetailsDto? JobDetails(string jobId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (Wait(queries.GetJobAsync(jobId)) is not { } details) return null;
        return Fill(new JobDetailsDto
        {
            CreatedAt = details.Job.CreatedAt.UtcDateTime,
            Properties = details.Job.Parameters.ToDictionary(),
            History = details.History.Reverse().Select(History).ToList(),
            ExpireAt = details.Job.ExpireAt?.UtcDateTime,
        }, details.Job);
    }

    public StatisticsDto GetStatistics()
    {
        var statistics = Wait(queries.GetStatisticsAsync());
        var counts = statistics.Counts;
        return new StatisticsDto
        {
            Servers = Wait(queries.GetServersAsync()).Count,
            Recurring = Wait(queries.GetRecurringJobsAsync()).Count,
            Queues = Wait(queries.GetQueuesAsync()).Count,
            Enqueued = counts[JobState.Enqueued], Scheduled = counts[JobState.Scheduled], Processing = counts[JobState.Processing],
            Succeeded = statistics.Succeeded, Failed = counts[JobState.Failed], Deleted = counts[JobState.Deleted],
            Awaiting = counts[JobState.Awaiting],
        };
    }

    public JobList<EnqueuedJobDto> EnqueuedJobs(string queue, int from, int perPage) => List(JobState.Enqueued, from, perPage, queue, job => new EnqueuedJobDto
    {
        State = job.State.ToString(), EnqueuedAt = job.StateChangedAt.UtcDateTime, InEnqueuedState = job.State == JobState.Enqueued,
    });

    public JobList<FetchedJobDto> FetchedJobs(string queue, int from, int perPage) => new([]);

    public JobList<ProcessingJobDto> ProcessingJobs(int from, int count) => List(JobState.Processing, from, count, null, job => new ProcessingJobDto
    {
        InProcessingState = true, ServerId = job.ServerId, StartedAt = job.StateChangedAt.UtcDateTime,
    });

    public JobList<ScheduledJobDto> ScheduledJobs(int from, int count) => List(JobState.Scheduled, from, count, null, job => new ScheduledJobDto
    {
        EnqueueAt = (job.ScheduledAt ?? job.StateChangedAt).UtcDateTime, ScheduledAt = job.StateChangedAt.UtcDateTime, InScheduledState = true,
    });

    public JobList<SucceededJobDto> SucceededJobs(int from, int count) => List(JobState.Succeeded, from, count, null, job => new SucceededJobDto
    {
        Result = job.Result, SucceededAt = job.StateChangedAt.UtcDateTime, InSucceededState = true,
    });

    public JobList<FailedJobDto> FailedJobs(int from, int count) => List(JobState.Failed, from, count, null, job => new FailedJobDto
    {
        FailedAt = job.StateChangedAt.UtcDateTime, Reason = job.LastError?.Message, ExceptionType = job.LastError?.Type,
        ExceptionMessage = job.LastError?.Message, ExceptionDetails = job.LastError?.Details, InFailedState = true,
    });

    public JobList<DeletedJobDto> DeletedJobs(int from, int count) => List(JobState.Deleted, from, count, null, job => new DeletedJobDto
    {
        DeletedAt = job.StateChangedAt.UtcDateTime, InDeletedState = true,
    });

    public JobList<AwaitingJobDto> AwaitingJobs(int from, int count) => List(JobState.Awaiting, from, count, null, job => new AwaitingJobDto
    {
        AwaitingAt = job.StateChangedAt.UtcDateTime, InAwaitingState = true,
        ParentStateName = job.ParentId is { } parent ? Wait(queries.GetJobAsync(parent))?.Job.State.ToString() : null,
    });

    public long ScheduledCount() => Count(JobState.Scheduled);

    public long EnqueuedCount(string queue) => Wait(queries.GetQueuesAsync()).FirstOrDefault(q => q.Name == queue)?.Enqueued ?? 0;

    public long FetchedCount(string queue) => 0;

    public long FailedCount() => Count(JobState.Failed);

    public long ProcessingCount() => Count(JobState.Processing);

    public long SucceededListCount() => Count(JobState.Succeeded);

    public long DeletedListCount() => Count(JobState.Deleted);

    public long AwaitingCount() => Count(JobState.Awaiting);

    public IDictionary<DateTime, long> SucceededByDatesCount() => Daily(h => h.Succeeded);

    public IDictionary<DateTime, long> FailedByDatesCount() => Daily(h => h.Failed);

    public IDictionary<DateTime, long> HourlySucceededJobs() => Hourly(24).ToDictionary(h => h.Hour.UtcDateTime, h => h.Succeeded);

    public IDictionary<DateTime, long> HourlyFailedJobs() => Hourly(24).ToDictionary(h => h.Hour.UtcDateTime, h => h.Failed);

    public IList<RecurringJobDto> GetRecurringJobs() => Wait(queries.GetRecurringJobsAsync()).Select(recurring =>
    {
        var (job, error) = Bind(recurring.Invocation);
        return new RecurringJobDto
        {
            Id = recurring.Id, Cron = recurring.Cron, Queue = recurring.Queue, Job = job, LoadException = error,
            NextExecution = recurring.NextRunAt?.UtcDateTime, LastJobId = recurring.LastJobId, LastExecution = recurring.LastRunAt?.UtcDateTime,
            LastJobState = recurring.LastJobId is { } last ? Wait(queries.GetJobAsync(last))?.Job.State.ToString() : null,
            CreatedAt = recurring.CreatedAt.UtcDateTime, TimeZoneId = recurring.TimeZoneId, Error = recurring.Error,
        };
    }).ToList();

    private JobList<TDto> List<TDto>(JobState state, int from, int count, string? queue, Func<JobInfo, TDto> dto) where TDto : JobDto
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var jobs = Wait(queries.GetJobsAsync(new JobListRequest(state, from, count, queue)));
        return new(jobs.Select(job => KeyValuePair.Create(job.Id, Fill(dto(job), job))));
    }

    private TDto Fill<TDto>(TDto dto, JobInfo job) where TDto : JobDto
    {
        (dto.Job, dto.LoadException) = Bind(job.Invocation);
        dto.Info = job;
        try
        {
            dto.Invocation = Invocation.Parse(job.Invocation);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            dto.LoadException ??= new JobLoadException($"The stored invocation of job {job.Id} can't be read: {ex.Message}", ex);
        }
        return dto;
    }

    private (Job? Job, JobLoadException? Error) Bind(string invocation)
    {
        try
        {
            return (binder.Bind(invocation), null);
        }
        catch (JobLoadException ex)
        {
            return (null, ex);
        }
    }

    private static StateHistoryDto History(StateHistoryEntry entry)
    {
        var data = new Dictionary<string, string>();
        if (entry.ServerId is { } server) data["ServerId"] = server;
        if (entry.Error is { } error)
        {
            data["ExceptionType"] = error.Type;
            data["ExceptionMessage"] = error.Message;
            data["ExceptionDetails"] = error.Details;
        }
        if (entry.Duration is { } duration) data["PerformanceDuration"] = ((long)duration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new StateHistoryDto { StateName = entry.State.ToString(), Reason = entry.Description, CreatedAt = entry.At.UtcDateTime, Data = data };
    }

    private long Count(JobState state) => Wait(queries.GetStateCountsAsync())[state];

    private IReadOnlyList<HourlyCounts> Hourly(int hours) => HoursSince(End().AddHours(-hours));

    // Today and the 6 days before, as Hangfire: 7 keys, today's counting up to now.
    private Dictionary<DateTime, long> Daily(Func<HourlyCounts, long> count) =>
        HoursSince(new DateTimeOffset(End().UtcDateTime.AddHours(-1).Date.AddDays(-6), TimeSpan.Zero))
            .GroupBy(h => h.Hour.UtcDateTime.Date).ToDictionary(day => day.Key, day => day.Sum(count));

    private IReadOnlyList<HourlyCounts> HoursSince(DateTimeOffset from) => Wait(queries.GetHourlyCountsAsync(new HourlyCountsRequest(from, End())));

    private DateTimeOffset End() => HourlyCountsRequest.StartOfHour(time.GetUtcNow()).AddHours(1);

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
