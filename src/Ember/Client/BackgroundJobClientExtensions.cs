using System.Linq.Expressions;

namespace Ember;

/// <summary>
/// The everyday client methods, as in Hangfire. Each async method is one store round trip; each sync one waits for its
/// async twin, so prefer the async ones in ASP.NET Core request code.
/// </summary>
public static class BackgroundJobClientExtensions
{
    /// <summary>Enqueues a static method call; returns the job id.</summary>
    public static string Enqueue(this IBackgroundJobClient client, Expression<Action> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call; returns the job id.</summary>
    public static Task<string> EnqueueAsync(this IBackgroundJobClient client, Expression<Action> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, cancellationToken);

    /// <summary>Enqueues a static method call returning a task; returns the job id.</summary>
    public static string Enqueue(this IBackgroundJobClient client, Expression<Func<Task>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call returning a task; returns the job id.</summary>
    public static Task<string> EnqueueAsync(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, cancellationToken);

    /// <summary>Enqueues a static method call returning a value task; returns the job id.</summary>
    public static string Enqueue(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call returning a value task; returns the job id.</summary>
    public static Task<string> EnqueueAsync(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, cancellationToken);

    /// <summary>Enqueues a method of <typeparamref name="T"/>, resolved from DI when the job runs; returns the job id.</summary>
    public static string Enqueue<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a method of <typeparamref name="T"/>, resolved from DI when the job runs; returns the job id.</summary>
    public static Task<string> EnqueueAsync<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, cancellationToken);

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs; returns the job id.</summary>
    public static string Enqueue<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs; returns the job id.</summary>
    public static Task<string> EnqueueAsync<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, cancellationToken);

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs; returns the job id.</summary>
    public static string Enqueue<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs; returns the job id.</summary>
    public static Task<string> EnqueueAsync<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, null, cancellationToken);

    /// <summary>Enqueues a static method call on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue(this IBackgroundJobClient client, string queue, Expression<Action> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call on <paramref name="queue"/>; returns the job id.</summary>
    public static Task<string> EnqueueAsync(this IBackgroundJobClient client, string queue, Expression<Action> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, cancellationToken);

    /// <summary>Enqueues a static method call returning a task on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue(this IBackgroundJobClient client, string queue, Expression<Func<Task>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call returning a task on <paramref name="queue"/>; returns the job id.</summary>
    public static Task<string> EnqueueAsync(this IBackgroundJobClient client, string queue, Expression<Func<Task>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, cancellationToken);

    /// <summary>Enqueues a static method call returning a value task on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue(this IBackgroundJobClient client, string queue, Expression<Func<ValueTask>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call returning a value task on <paramref name="queue"/>; returns the job id.</summary>
    public static Task<string> EnqueueAsync(this IBackgroundJobClient client, string queue, Expression<Func<ValueTask>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, cancellationToken);

    /// <summary>Enqueues a method of <typeparamref name="T"/>, resolved from DI when the job runs on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue<T>(this IBackgroundJobClient client, string queue, Expression<Action<T>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a method of <typeparamref name="T"/>, resolved from DI when the job runs on <paramref name="queue"/>; returns the job id.</summary>
    public static Task<string> EnqueueAsync<T>(this IBackgroundJobClient client, string queue, Expression<Action<T>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, cancellationToken);

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue<T>(this IBackgroundJobClient client, string queue, Expression<Func<T, Task>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs on <paramref name="queue"/>; returns the job id.</summary>
    public static Task<string> EnqueueAsync<T>(this IBackgroundJobClient client, string queue, Expression<Func<T, Task>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, cancellationToken);

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue<T>(this IBackgroundJobClient client, string queue, Expression<Func<T, ValueTask>> methodCall) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs on <paramref name="queue"/>; returns the job id.</summary>
    public static Task<string> EnqueueAsync<T>(this IBackgroundJobClient client, string queue, Expression<Func<T, ValueTask>> methodCall, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), queue, null, null, cancellationToken);

    /// <summary>Schedules a static method call to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule(this IBackgroundJobClient client, Expression<Action> methodCall, TimeSpan delay) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, default).GetAwaiter().GetResult();

    /// <summary>Schedules a static method call to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync(this IBackgroundJobClient client, Expression<Action> methodCall, TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, cancellationToken);

    /// <summary>Schedules a static method call returning a task to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, TimeSpan delay) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, default).GetAwaiter().GetResult();

    /// <summary>Schedules a static method call returning a task to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, cancellationToken);

    /// <summary>Schedules a static method call returning a value task to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, TimeSpan delay) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, default).GetAwaiter().GetResult();

    /// <summary>Schedules a static method call returning a value task to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, cancellationToken);

    /// <summary>Schedules a method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, TimeSpan delay) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, default).GetAwaiter().GetResult();

    /// <summary>Schedules a method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, cancellationToken);

    /// <summary>Schedules a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, TimeSpan delay) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, default).GetAwaiter().GetResult();

    /// <summary>Schedules a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, cancellationToken);

    /// <summary>Schedules a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, TimeSpan delay) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, default).GetAwaiter().GetResult();

    /// <summary>Schedules a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued after <paramref name="delay"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, null, delay, cancellationToken);

    /// <summary>Schedules a static method call to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule(this IBackgroundJobClient client, Expression<Action> methodCall, DateTimeOffset enqueueAt) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, default).GetAwaiter().GetResult();

    /// <summary>Schedules a static method call to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync(this IBackgroundJobClient client, Expression<Action> methodCall, DateTimeOffset enqueueAt, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, cancellationToken);

    /// <summary>Schedules a static method call returning a task to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, DateTimeOffset enqueueAt) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, default).GetAwaiter().GetResult();

    /// <summary>Schedules a static method call returning a task to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, DateTimeOffset enqueueAt, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, cancellationToken);

    /// <summary>Schedules a static method call returning a value task to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, DateTimeOffset enqueueAt) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, default).GetAwaiter().GetResult();

    /// <summary>Schedules a static method call returning a value task to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, DateTimeOffset enqueueAt, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, cancellationToken);

    /// <summary>Schedules a method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, DateTimeOffset enqueueAt) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, default).GetAwaiter().GetResult();

    /// <summary>Schedules a method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, DateTimeOffset enqueueAt, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, cancellationToken);

    /// <summary>Schedules a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, DateTimeOffset enqueueAt) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, default).GetAwaiter().GetResult();

    /// <summary>Schedules a task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, DateTimeOffset enqueueAt, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, cancellationToken);

    /// <summary>Schedules a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, DateTimeOffset enqueueAt) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, default).GetAwaiter().GetResult();

    /// <summary>Schedules a value-task-returning method of <typeparamref name="T"/>, resolved from DI when the job runs to be enqueued at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static Task<string> ScheduleAsync<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, DateTimeOffset enqueueAt, CancellationToken cancellationToken = default) =>
        CreateAsync(client, Job.FromExpression(methodCall), null, enqueueAt, null, cancellationToken);

    /// <summary>Adds a static method call as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith(this IBackgroundJobClient client, string parentId, Expression<Action> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a static method call as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync(this IBackgroundJobClient client, string parentId, Expression<Action> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, cancellationToken);

    /// <summary>Adds a static method call returning a task as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith(this IBackgroundJobClient client, string parentId, Expression<Func<Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a static method call returning a task as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync(this IBackgroundJobClient client, string parentId, Expression<Func<Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, cancellationToken);

    /// <summary>Adds a static method call returning a value task as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith(this IBackgroundJobClient client, string parentId, Expression<Func<ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a static method call returning a value task as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync(this IBackgroundJobClient client, string parentId, Expression<Func<ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, cancellationToken);

    /// <summary>Adds a method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith<T>(this IBackgroundJobClient client, string parentId, Expression<Action<T>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync<T>(this IBackgroundJobClient client, string parentId, Expression<Action<T>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, cancellationToken);

    /// <summary>Adds a task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith<T>(this IBackgroundJobClient client, string parentId, Expression<Func<T, Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync<T>(this IBackgroundJobClient client, string parentId, Expression<Func<T, Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, cancellationToken);

    /// <summary>Adds a value-task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith<T>(this IBackgroundJobClient client, string parentId, Expression<Func<T, ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a value-task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync<T>(this IBackgroundJobClient client, string parentId, Expression<Func<T, ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), null, options, cancellationToken);

    /// <summary>Adds a static method call as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith(this IBackgroundJobClient client, string parentId, string queue, Expression<Action> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a static method call as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync(this IBackgroundJobClient client, string parentId, string queue, Expression<Action> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, cancellationToken);

    /// <summary>Adds a static method call returning a task as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a static method call returning a task as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, cancellationToken);

    /// <summary>Adds a static method call returning a value task as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a static method call returning a value task as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, cancellationToken);

    /// <summary>Adds a method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith<T>(this IBackgroundJobClient client, string parentId, string queue, Expression<Action<T>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync<T>(this IBackgroundJobClient client, string parentId, string queue, Expression<Action<T>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, cancellationToken);

    /// <summary>Adds a task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith<T>(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<T, Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync<T>(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<T, Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, cancellationToken);

    /// <summary>Adds a value-task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static string ContinueJobWith<T>(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<T, ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, default).GetAwaiter().GetResult();

    /// <summary>Adds a value-task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/> on <paramref name="queue"/>: it waits until the parent finishes, then runs (or is deleted) as <paramref name="options"/> say; returns its id.</summary>
    public static Task<string> ContinueJobWithAsync<T>(this IBackgroundJobClient client, string parentId, string queue, Expression<Func<T, ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        ContinueAsync(client, parentId, Job.FromExpression(methodCall), queue, options, cancellationToken);

    /// <summary>Requeues a job; see <see cref="IBackgroundJobClient.RequeueAsync"/>.</summary>
    public static bool Requeue(this IBackgroundJobClient client, string jobId) =>
        Checked(client).RequeueAsync(jobId).GetAwaiter().GetResult();

    /// <summary>Deletes a job; see <see cref="IBackgroundJobClient.DeleteAsync"/>.</summary>
    public static bool Delete(this IBackgroundJobClient client, string jobId) =>
        Checked(client).DeleteAsync(jobId).GetAwaiter().GetResult();

    /// <summary>Requeues many jobs, a batch per store round trip; see <see cref="IBackgroundJobClient.RequeueManyAsync"/>. Returns how many were requeued.</summary>
    public static int RequeueMany(this IBackgroundJobClient client, IEnumerable<string> jobIds) =>
        Checked(client).RequeueManyAsync(jobIds).GetAwaiter().GetResult();

    /// <summary>Deletes many jobs, a batch per store round trip; see <see cref="IBackgroundJobClient.DeleteManyAsync"/>. Returns how many were deleted.</summary>
    public static int DeleteMany(this IBackgroundJobClient client, IEnumerable<string> jobIds) =>
        Checked(client).DeleteManyAsync(jobIds).GetAwaiter().GetResult();

    private static async Task<string> CreateAsync(IBackgroundJobClient client, Job job, string? queue, DateTimeOffset? enqueueAt, TimeSpan? delay, CancellationToken cancellationToken)
    {
        ScheduleDelay.ThrowIfNegative(delay, nameof(delay));
        var ids = await Checked(client).CreateAsync([new CreateJobRequest { Job = job, Queue = queue, EnqueueAt = enqueueAt, Delay = delay }], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    private static async Task<string> ContinueAsync(IBackgroundJobClient client, string parentId, Job job, string? queue, JobContinuationOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        var ids = await Checked(client).CreateAsync([new CreateJobRequest { Job = job, Queue = queue, ParentId = parentId, ContinuationOptions = options }], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    private static IBackgroundJobClient Checked(IBackgroundJobClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client;
    }
}
