using System.Linq.Expressions;

namespace Ember;

// Enqueue with options (a unique key, a delay, a queue), answering whether the job was created or already existed.
public static partial class BackgroundJobClientExtensions
{
    /// <summary>Enqueues a static method call with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static EnqueueResult Enqueue(this IBackgroundJobClient client, Expression<Action> methodCall, EnqueueOptions options) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static Task<EnqueueResult> EnqueueAsync(this IBackgroundJobClient client, Expression<Action> methodCall, EnqueueOptions options, CancellationToken cancellationToken = default) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, cancellationToken);

    /// <summary>Enqueues a static method call returning a task with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static EnqueueResult Enqueue(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, EnqueueOptions options) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call returning a task with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static Task<EnqueueResult> EnqueueAsync(this IBackgroundJobClient client, Expression<Func<Task>> methodCall, EnqueueOptions options, CancellationToken cancellationToken = default) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, cancellationToken);

    /// <summary>Enqueues a static method call returning a value task with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static EnqueueResult Enqueue(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, EnqueueOptions options) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a static method call returning a value task with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static Task<EnqueueResult> EnqueueAsync(this IBackgroundJobClient client, Expression<Func<ValueTask>> methodCall, EnqueueOptions options, CancellationToken cancellationToken = default) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, cancellationToken);

    /// <summary>Enqueues a method of <typeparamref name="T"/> with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static EnqueueResult Enqueue<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, EnqueueOptions options) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a method of <typeparamref name="T"/> with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static Task<EnqueueResult> EnqueueAsync<T>(this IBackgroundJobClient client, Expression<Action<T>> methodCall, EnqueueOptions options, CancellationToken cancellationToken = default) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, cancellationToken);

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/> with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static EnqueueResult Enqueue<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, EnqueueOptions options) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a task-returning method of <typeparamref name="T"/> with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static Task<EnqueueResult> EnqueueAsync<T>(this IBackgroundJobClient client, Expression<Func<T, Task>> methodCall, EnqueueOptions options, CancellationToken cancellationToken = default) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, cancellationToken);

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/> with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static EnqueueResult Enqueue<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, EnqueueOptions options) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, default).GetAwaiter().GetResult();

    /// <summary>Enqueues a value-task-returning method of <typeparamref name="T"/> with <paramref name="options"/>; returns its id and whether it already existed (a held unique key).</summary>
    public static Task<EnqueueResult> EnqueueAsync<T>(this IBackgroundJobClient client, Expression<Func<T, ValueTask>> methodCall, EnqueueOptions options, CancellationToken cancellationToken = default) =>
        EnqueueAsync(client, Job.FromExpression(methodCall), options, cancellationToken);

    private static async Task<EnqueueResult> EnqueueAsync(IBackgroundJobClient client, Job job, EnqueueOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ScheduleDelay.ThrowIfNegative(options.Delay, nameof(options));
        ScheduleDelay.ThrowIfNegative(options.Debounce, nameof(options));
        if (options.Debounce is not null && (options.UniqueKey is null || options.Delay is not null))
            throw new ArgumentException("EnqueueOptions.Debounce needs a UniqueKey (the key later enqueues are merged by) and no Delay (the debounce is the delay).", nameof(options));
        if (options.ConcurrencyLimit is not null && options.ConcurrencyKey is null)
            throw new ArgumentException("EnqueueOptions.ConcurrencyLimit needs a ConcurrencyKey: the key whose runs it limits.", nameof(options));
        var request = new CreateJobRequest
        {
            Job = job, Queue = options.Queue, Delay = options.Debounce ?? options.Delay, Unique = options.Unique, Timeout = options.Timeout, Concurrency = options.Concurrency,
            RateLimits = options.RateLimits,
        };
        var results = await Checked(client).CreateJobsAsync([request], cancellationToken).ConfigureAwait(false);
        return results[0];
    }
}
