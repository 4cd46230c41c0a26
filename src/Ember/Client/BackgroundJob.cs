using System.Linq.Expressions;

namespace Ember;

/// <summary>
/// A static facade over <see cref="Client"/> for scripts and code without dependency injection, as in Hangfire.
/// <c>AddEmber</c> sets <see cref="Client"/> when the host starts; prefer injecting <see cref="IBackgroundJobClient"/>.
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

    /// <summary>Enqueues a static method call.</summary>
    public static string Enqueue(Expression<Action> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a static method call returning a task.</summary>
    public static string Enqueue(Expression<Func<Task>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues a static method call returning a value task.</summary>
    public static string Enqueue(Expression<Func<ValueTask>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues an instance method call on <typeparamref name="T"/>.</summary>
    public static string Enqueue<T>(Expression<Action<T>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues an instance method call on <typeparamref name="T"/> returning a task.</summary>
    public static string Enqueue<T>(Expression<Func<T, Task>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Enqueues an instance method call on <typeparamref name="T"/> returning a value task.</summary>
    public static string Enqueue<T>(Expression<Func<T, ValueTask>> methodCall) => Client.Enqueue(methodCall);

    /// <summary>Schedules a static method call after a delay.</summary>
    public static string Schedule(Expression<Action> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a static method call returning a task after a delay.</summary>
    public static string Schedule(Expression<Func<Task>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules a static method call returning a value task after a delay.</summary>
    public static string Schedule(Expression<Func<ValueTask>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules an instance method call on <typeparamref name="T"/> after a delay.</summary>
    public static string Schedule<T>(Expression<Action<T>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules an instance method call on <typeparamref name="T"/> returning a task after a delay.</summary>
    public static string Schedule<T>(Expression<Func<T, Task>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Schedules an instance method call on <typeparamref name="T"/> returning a value task after a delay.</summary>
    public static string Schedule<T>(Expression<Func<T, ValueTask>> methodCall, TimeSpan delay) => Client.Schedule(methodCall, delay);

    /// <summary>Requeues a job.</summary>
    public static bool Requeue(string jobId) => Client.Requeue(jobId);

    /// <summary>Deletes a job.</summary>
    public static bool Delete(string jobId) => Client.Delete(jobId);
}
