using System.Linq.Expressions;

namespace Ember;

/// <summary>
/// A static facade over <see cref="Client"/> for scripts and code without dependency injection, as in Hangfire.
/// <c>AddEmber</c> sets <see cref="Client"/> when the host starts; prefer injecting <see cref="IBackgroundJobClient"/>
/// (it also has the async methods).
/// </summary>
public static class BackgroundJob
{
    private static IBackgroundJobClient? _client;

    /// <summary>The client used by the static methods.</summary>
    /// <exception cref="InvalidOperationException">When read before it was set.</exception>
    public static IBackgroundJobClient Client
    {
        get => _client ?? throw new InvalidOperationException("BackgroundJob.Client is not set. Register Ember with services.AddEmber(...) and start the host, or set BackgroundJob.Client = new BackgroundJobClient(store).");
        set => _client = value;
    }

    /// <summary>Enqueues a static method call; returns the job id.</summary>
    public static string Enqueue(Expression<Action> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a static method call returning a task; returns the job id.</summary>
    public static string Enqueue(Expression<Func<Task>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a static method call returning a value task; returns the job id.</summary>
    public static string Enqueue(Expression<Func<ValueTask>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a method of <typeparamref name="T"/>; returns the job id.</summary>
    public static string Enqueue<T>(Expression<Action<T>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/>; returns the job id.</summary>
    public static string Enqueue<T>(Expression<Func<T, Task>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/>; returns the job id.</summary>
    public static string Enqueue<T>(Expression<Func<T, ValueTask>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a static method call on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue(string queue, Expression<Action> methodCall) => Client.Enqueue(queue, methodCall);

    /// <summary>Enqueues a static method call returning a task on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue(string queue, Expression<Func<Task>> methodCall) => Client.Enqueue(queue, methodCall);

    /// <summary>Enqueues a static method call returning a value task on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue(string queue, Expression<Func<ValueTask>> methodCall) => Client.Enqueue(queue, methodCall);

    /// <summary>Enqueues a method of <typeparamref name="T"/> on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue<T>(string queue, Expression<Action<T>> methodCall) => Client.Enqueue(queue, methodCall);

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/> on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue<T>(string queue, Expression<Func<T, Task>> methodCall) => Client.Enqueue(queue, methodCall);

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/> on <paramref name="queue"/>; returns the job id.</summary>
    public static string Enqueue<T>(string queue, Expression<Func<T, ValueTask>> methodCall) => Client.Enqueue(queue, methodCall);

    /// <summary>Schedules a static method call after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule(Expression<Action> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a static method call returning a task after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule(Expression<Func<Task>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a static method call returning a value task after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule(Expression<Func<ValueTask>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a method of <typeparamref name="T"/> after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule<T>(Expression<Action<T>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a task-returning method of <typeparamref name="T"/> after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule<T>(Expression<Func<T, Task>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a value-task-returning method of <typeparamref name="T"/> after <paramref name="delay"/>; returns the job id.</summary>
    public static string Schedule<T>(Expression<Func<T, ValueTask>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a static method call at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule(Expression<Action> methodCall, DateTimeOffset enqueueAt) => Client.Schedule(methodCall, enqueueAt);

    /// <summary>Schedules a static method call returning a task at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule(Expression<Func<Task>> methodCall, DateTimeOffset enqueueAt) => Client.Schedule(methodCall, enqueueAt);

    /// <summary>Schedules a static method call returning a value task at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule(Expression<Func<ValueTask>> methodCall, DateTimeOffset enqueueAt) => Client.Schedule(methodCall, enqueueAt);

    /// <summary>Schedules a method of <typeparamref name="T"/> at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule<T>(Expression<Action<T>> methodCall, DateTimeOffset enqueueAt) => Client.Schedule(methodCall, enqueueAt);

    /// <summary>Schedules a task-returning method of <typeparamref name="T"/> at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule<T>(Expression<Func<T, Task>> methodCall, DateTimeOffset enqueueAt) => Client.Schedule(methodCall, enqueueAt);

    /// <summary>Schedules a value-task-returning method of <typeparamref name="T"/> at <paramref name="enqueueAt"/>; returns the job id.</summary>
    public static string Schedule<T>(Expression<Func<T, ValueTask>> methodCall, DateTimeOffset enqueueAt) => Client.Schedule(methodCall, enqueueAt);

    /// <summary>Adds a static method call as a continuation of job <paramref name="parentId"/>; returns its id.</summary>
    public static string ContinueJobWith(string parentId, Expression<Action> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) => Client.ContinueJobWith(parentId, methodCall, options);

    /// <summary>Adds a static method call returning a task as a continuation of job <paramref name="parentId"/>; returns its id.</summary>
    public static string ContinueJobWith(string parentId, Expression<Func<Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) => Client.ContinueJobWith(parentId, methodCall, options);

    /// <summary>Adds a static method call returning a value task as a continuation of job <paramref name="parentId"/>; returns its id.</summary>
    public static string ContinueJobWith(string parentId, Expression<Func<ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) => Client.ContinueJobWith(parentId, methodCall, options);

    /// <summary>Adds a method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>; returns its id.</summary>
    public static string ContinueJobWith<T>(string parentId, Expression<Action<T>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) => Client.ContinueJobWith(parentId, methodCall, options);

    /// <summary>Adds a task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>; returns its id.</summary>
    public static string ContinueJobWith<T>(string parentId, Expression<Func<T, Task>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) => Client.ContinueJobWith(parentId, methodCall, options);

    /// <summary>Adds a value-task-returning method of <typeparamref name="T"/> as a continuation of job <paramref name="parentId"/>; returns its id.</summary>
    public static string ContinueJobWith<T>(string parentId, Expression<Func<T, ValueTask>> methodCall, JobContinuationOptions options = JobContinuationOptions.OnlyOnSucceededState) => Client.ContinueJobWith(parentId, methodCall, options);

    /// <summary>Requeues a job.</summary>
    public static bool Requeue(string jobId) => Client.Requeue(jobId);

    /// <summary>Deletes a job.</summary>
    public static bool Delete(string jobId) => Client.Delete(jobId);
}
