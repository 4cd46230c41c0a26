using System.Linq.Expressions;
using System.Text;
using Ember.Storage;

namespace Ember.Testing;

public sealed partial class TestBackgroundJobClient
{
    /// <summary>
    /// Asserts that a job of this call was enqueued (created Enqueued: <c>Enqueue</c>, or a recurring job that fired
    /// or was triggered), whatever its state since unless <paramref name="match"/> says. Arguments match by their JSON;
    /// use <see cref="JobArg"/> for any value or a condition.
    /// </summary>
    /// <returns>The oldest matching job.</returns>
    /// <exception cref="JobAssertionException">No job matched; the message lists the jobs there are.</exception>
    public RecordedJob AssertEnqueued(Expression<Action> call, JobMatch? match = null) =>
        AssertCreated(JobState.Enqueued, null, Pattern(call, null), match);

    /// <inheritdoc cref="AssertEnqueued(Expression{Action}, JobMatch?)" />
    /// <typeparam name="T">The type the job runs on, as given to <c>Enqueue&lt;T&gt;</c> (or a base type or interface of it).</typeparam>
    public RecordedJob AssertEnqueued<T>(Expression<Action<T>> call, JobMatch? match = null) =>
        AssertCreated(JobState.Enqueued, null, Pattern(call, typeof(T)), match);

    /// <summary>
    /// Asserts that no job of this call exists, however it was created (enqueued, scheduled or as a continuation),
    /// among those <paramref name="match"/> allows.
    /// </summary>
    /// <exception cref="JobAssertionException">A job matched; the message lists the matching jobs.</exception>
    public void AssertNotEnqueued(Expression<Action> call, JobMatch? match = null) => AssertNone(Pattern(call, null), match);

    /// <inheritdoc cref="AssertNotEnqueued(Expression{Action}, JobMatch?)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public void AssertNotEnqueued<T>(Expression<Action<T>> call, JobMatch? match = null) => AssertNone(Pattern(call, typeof(T)), match);

    /// <summary>Asserts that no job was created at all.</summary>
    /// <exception cref="JobAssertionException">Some were; the message lists them.</exception>
    public void AssertNoJobs()
    {
        var jobs = Jobs;
        if (jobs.Count > 0)
            throw new JobAssertionException($"Expected no job, but {Count(jobs.Count, "job was", "jobs were")} created:{Environment.NewLine}{JobText.List(jobs)}".TrimEnd());
    }

    /// <summary>
    /// Asserts that a job of this call was scheduled (created Scheduled by <c>Schedule</c>), whatever its state since
    /// unless <paramref name="match"/> says; <see cref="JobMatch.ScheduledAt"/> or <see cref="JobMatch.Delay"/> check when for.
    /// </summary>
    /// <returns>The oldest matching job.</returns>
    /// <exception cref="JobAssertionException">No job matched; the message lists the jobs there are.</exception>
    public RecordedJob AssertScheduled(Expression<Action> call, JobMatch? match = null) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, null), match);

    /// <inheritdoc cref="AssertScheduled(Expression{Action}, JobMatch?)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public RecordedJob AssertScheduled<T>(Expression<Action<T>> call, JobMatch? match = null) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, typeof(T)), match);

    /// <summary>Asserts that a job of this call was scheduled <paramref name="delay"/> after its creation, within 1 second.</summary>
    /// <returns>The oldest matching job.</returns>
    /// <exception cref="JobAssertionException">No job matched; the message lists the jobs there are.</exception>
    public RecordedJob AssertScheduled(Expression<Action> call, TimeSpan delay) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, null), new JobMatch { Delay = delay });

    /// <inheritdoc cref="AssertScheduled(Expression{Action}, TimeSpan)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public RecordedJob AssertScheduled<T>(Expression<Action<T>> call, TimeSpan delay) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, typeof(T)), new JobMatch { Delay = delay });

    /// <summary>Asserts that a job of this call was scheduled for <paramref name="enqueueAt"/>, within 1 second.</summary>
    /// <returns>The oldest matching job.</returns>
    /// <exception cref="JobAssertionException">No job matched; the message lists the jobs there are.</exception>
    public RecordedJob AssertScheduled(Expression<Action> call, DateTimeOffset enqueueAt) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, null), new JobMatch { ScheduledAt = enqueueAt });

    /// <inheritdoc cref="AssertScheduled(Expression{Action}, DateTimeOffset)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public RecordedJob AssertScheduled<T>(Expression<Action<T>> call, DateTimeOffset enqueueAt) =>
        AssertCreated(JobState.Scheduled, null, Pattern(call, typeof(T)), new JobMatch { ScheduledAt = enqueueAt });

    /// <summary>
    /// Asserts that a job of this call was added as a continuation of job <paramref name="parentId"/>
    /// (<c>ContinueJobWith</c>), whatever its state since unless <paramref name="match"/> says.
    /// </summary>
    /// <returns>The oldest matching job.</returns>
    /// <exception cref="JobAssertionException">No job matched; the message lists the jobs there are.</exception>
    public RecordedJob AssertContinuation(string parentId, Expression<Action> call, JobMatch? match = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        return AssertCreated(JobState.Awaiting, parentId, Pattern(call, null), match);
    }

    /// <inheritdoc cref="AssertContinuation(string, Expression{Action}, JobMatch?)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public RecordedJob AssertContinuation<T>(string parentId, Expression<Action<T>> call, JobMatch? match = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        return AssertCreated(JobState.Awaiting, parentId, Pattern(call, typeof(T)), match);
    }

    /// <summary>The jobs of this call, however they were created, that <paramref name="match"/> allows; oldest first.</summary>
    public IReadOnlyList<RecordedJob> FindJobs(Expression<Action> call, JobMatch? match = null) => Find(Pattern(call, null), match);

    /// <inheritdoc cref="FindJobs(Expression{Action}, JobMatch?)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public IReadOnlyList<RecordedJob> FindJobs<T>(Expression<Action<T>> call, JobMatch? match = null) => Find(Pattern(call, typeof(T)), match);

    /// <summary>Asserts that a recurring job with this id is registered, with this cron expression when one is given.</summary>
    /// <returns>The recurring job as stored.</returns>
    /// <exception cref="JobAssertionException">There is none, or it differs; the message lists the recurring jobs there are.</exception>
    public RecurringJobRecord AssertRecurring(string recurringJobId, string? cron = null) => AssertRecurringCore(recurringJobId, null, cron);

    /// <summary>Asserts that a recurring job with this id is registered for this call, with this cron expression when one is given.</summary>
    /// <returns>The recurring job as stored.</returns>
    /// <exception cref="JobAssertionException">There is none, or it differs; the message lists the recurring jobs there are.</exception>
    public RecurringJobRecord AssertRecurring(string recurringJobId, Expression<Action> call, string? cron = null) =>
        AssertRecurringCore(recurringJobId, Pattern(call, null), cron);

    /// <inheritdoc cref="AssertRecurring(string, Expression{Action}, string?)" />
    /// <typeparam name="T">The type the job runs on.</typeparam>
    public RecurringJobRecord AssertRecurring<T>(string recurringJobId, Expression<Action<T>> call, string? cron = null) =>
        AssertRecurringCore(recurringJobId, Pattern(call, typeof(T)), cron);

    /// <summary>Asserts that no recurring job with this id is registered (never added, or removed).</summary>
    /// <exception cref="JobAssertionException">There is one; the message shows it.</exception>
    public void AssertNotRecurring(string recurringJobId)
    {
        ArgumentNullException.ThrowIfNull(recurringJobId);
        if (RecurringJobs.FirstOrDefault(r => r.Id == recurringJobId) is { } found)
            throw new JobAssertionException($"Expected no recurring job \"{recurringJobId}\", but it is registered:{Environment.NewLine}  {JobText.Recurring(found, Bind(found.Invocation))}");
    }

    private CallPattern Pattern(LambdaExpression call, Type? targetType) => CallPattern.Parse(call, targetType, _emberOptions.SerializerOptions);

    private RecordedJob AssertCreated(JobState createdAs, string? parentId, CallPattern pattern, JobMatch? match)
    {
        var jobs = Jobs;
        foreach (var job in jobs)
            if (pattern.Matches(job.Job, job.Invocation) && Differences(job, createdAs, parentId, match).Count == 0)
                return job;

        var verb = createdAs switch { JobState.Scheduled => "scheduled", JobState.Awaiting => $"added as a continuation of #{parentId}", _ => "enqueued" };
        var text = new StringBuilder($"Expected {pattern.Description} to be {verb}{Conditions(match)}, but ");
        if (jobs.Count == 0) return Fail(text.Append("no job was created at all."));
        text.Append("no job matched. ").Append(Count(jobs.Count, "job was", "jobs were")).Append(" created:").AppendLine();
        foreach (var job in jobs.Take(JobText.MaxListed))
        {
            text.Append("  ").Append(JobText.Describe(job)).AppendLine();
            // For jobs of the same method, say what kept them from matching: usually what the test is after.
            if (pattern.SameMethod(job.Job))
                text.Append("      differs: ").AppendJoin("; ", pattern.ArgumentDifferences(job.Invocation).Concat(Differences(job, createdAs, parentId, match))).AppendLine();
        }
        if (jobs.Count > JobText.MaxListed) text.Append("  ... and ").Append(jobs.Count - JobText.MaxListed).Append(" more").AppendLine();
        return Fail(text);
    }

    private void AssertNone(CallPattern pattern, JobMatch? match)
    {
        var found = Find(pattern, match);
        if (found.Count > 0)
            throw new JobAssertionException($"Expected no job {pattern.Description}{Conditions(match)}, but {Count(found.Count, "matched", "matched")}:{Environment.NewLine}{JobText.List(found)}".TrimEnd());
    }

    private List<RecordedJob> Find(CallPattern pattern, JobMatch? match) =>
        Jobs.Where(job => pattern.Matches(job.Job, job.Invocation) && Differences(job, null, null, match).Count == 0).ToList();

    private RecurringJobRecord AssertRecurringCore(string recurringJobId, CallPattern? pattern, string? cron)
    {
        ArgumentNullException.ThrowIfNull(recurringJobId);
        var all = RecurringJobs;
        var found = all.FirstOrDefault(r => r.Id == recurringJobId);
        var differences = new List<string>();
        if (found is not null)
        {
            if (cron is not null && !SameCron(found.Cron, cron)) differences.Add($"its cron is \"{found.Cron}\", expected \"{cron}\"");
            if (pattern is not null && JobText.TryParse(found.Invocation) is var invocation && invocation is not null)
            {
                var job = Bind(found.Invocation);
                if (!pattern.SameMethod(job)) differences.Add($"it calls {JobText.Call(job, invocation)}, expected {pattern.Description}");
                else differences.AddRange(pattern.ArgumentDifferences(invocation));
            }
            if (differences.Count == 0) return found;
        }

        var text = new StringBuilder($"Expected a recurring job \"{recurringJobId}\"");
        if (pattern is not null) text.Append(" calling ").Append(pattern.Description);
        if (cron is not null) text.Append(" with cron \"").Append(cron).Append('"');
        text.Append(", but ");
        text.Append(found is null ? "there is no recurring job with that id" : string.Join("; ", differences));
        text.Append(all.Count == 0 ? ", nor any other." : $". {Count(all.Count, "recurring job is", "recurring jobs are")} registered:");
        foreach (var record in all) text.AppendLine().Append("  ").Append(JobText.Recurring(record, Bind(record.Invocation)));
        return Fail<RecurringJobRecord>(text);
    }

    // What keeps a job of the right call from matching, beyond its arguments.
    private static List<string> Differences(RecordedJob job, JobState? createdAs, string? parentId, JobMatch? match)
    {
        var differences = new List<string>();
        if (createdAs is { } kind && job.CreatedAs != kind)
            differences.Add($"it was created {Created(job.CreatedAs)}, not {Created(kind)}");
        if (parentId is not null && job.ParentId is { } parent && parent != parentId)
            differences.Add($"it continues #{parent}, not #{parentId}");
        if (match is null) return differences;
        if (match.Queue is { } queue && job.Queue != queue) differences.Add($"queue is \"{job.Queue}\", expected \"{queue}\"");
        if (match.State is { } state && job.State != state) differences.Add($"state is {job.State}, expected {state}");
        if (match.ScheduledAt is { } at && (job.ScheduledAt is not { } scheduled || (scheduled - at).Duration() > match.Tolerance))
            differences.Add(job.ScheduledAt is { } was ? $"scheduled for {JobText.Time(was)}, expected {JobText.Time(at)}{Within(match)}" : "it was not scheduled");
        if (match.Delay is { } delay && (job.ScheduledAt is not { } due || (due - job.CreatedAt - delay).Duration() > match.Tolerance))
            differences.Add(job.ScheduledAt is { } was ? $"scheduled {was - job.CreatedAt} after its creation, expected {delay}{Within(match)}" : "it was not scheduled");
        if (match.ContinuationOptions is { } options && (job.ParentId is null || job.ContinuationOptions != options))
            differences.Add(job.ParentId is null ? "it is not a continuation" : $"it runs {job.ContinuationOptions}, expected {options}");
        return differences;
    }

    private static string Created(JobState state) => state switch
    {
        JobState.Scheduled => "Scheduled",
        JobState.Awaiting => "as a continuation",
        _ => state.ToString(),
    };

    private static string Conditions(JobMatch? match)
    {
        if (match is null) return "";
        var conditions = new List<string>();
        if (match.Queue is { } queue) conditions.Add($"on queue \"{queue}\"");
        if (match.State is { } state) conditions.Add($"now {state}");
        if (match.ScheduledAt is { } at) conditions.Add($"for {JobText.Time(at)}{Within(match)}");
        if (match.Delay is { } delay) conditions.Add($"{delay} after its creation{Within(match)}");
        if (match.ContinuationOptions is { } options) conditions.Add($"running {options}");
        return conditions.Count == 0 ? "" : " " + string.Join(", ", conditions);
    }

    private static string Within(JobMatch match) => match.Tolerance > TimeSpan.Zero ? $" (within {match.Tolerance})" : "";

    private static bool SameCron(string actual, string expected) =>
        string.Join(' ', actual.Split(' ', StringSplitOptions.RemoveEmptyEntries)) == string.Join(' ', expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    private static RecordedJob Fail(StringBuilder message) => Fail<RecordedJob>(message);

    private static T Fail<T>(StringBuilder message) => throw new JobAssertionException(message.ToString().TrimEnd());
}
