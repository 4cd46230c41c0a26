using System.Linq.Expressions;

namespace Ember;

/// <summary>The everyday recurring-job methods, as in Hangfire; each sync method waits for its async twin.</summary>
public static class RecurringJobManagerExtensions
{
    /// <summary>Adds or updates a recurring job that runs a static method call on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, Expression<Action> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a static method call on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync(this IRecurringJobManager manager, string recurringJobId, Expression<Action> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a static method call returning a task on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, Expression<Func<Task>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a static method call returning a task on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync(this IRecurringJobManager manager, string recurringJobId, Expression<Func<Task>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a static method call returning a value task on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, Expression<Func<ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a static method call returning a value task on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync(this IRecurringJobManager manager, string recurringJobId, Expression<Func<ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a method of <typeparamref name="T"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate<T>(this IRecurringJobManager manager, string recurringJobId, Expression<Action<T>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a method of <typeparamref name="T"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync<T>(this IRecurringJobManager manager, string recurringJobId, Expression<Action<T>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a task-returning method of <typeparamref name="T"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate<T>(this IRecurringJobManager manager, string recurringJobId, Expression<Func<T, Task>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a task-returning method of <typeparamref name="T"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync<T>(this IRecurringJobManager manager, string recurringJobId, Expression<Func<T, Task>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a value-task-returning method of <typeparamref name="T"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate<T>(this IRecurringJobManager manager, string recurringJobId, Expression<Func<T, ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a value-task-returning method of <typeparamref name="T"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync<T>(this IRecurringJobManager manager, string recurringJobId, Expression<Func<T, ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, null, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a static method call on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Action> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a static method call on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Action> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a static method call returning a task on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<Task>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a static method call returning a task on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<Task>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a static method call returning a value task on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a static method call returning a value task on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a method of <typeparamref name="T"/> on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate<T>(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Action<T>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a method of <typeparamref name="T"/> on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync<T>(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Action<T>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a task-returning method of <typeparamref name="T"/> on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate<T>(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<T, Task>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a task-returning method of <typeparamref name="T"/> on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync<T>(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<T, Task>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, cancellationToken);

    /// <summary>Adds or updates a recurring job that runs a value-task-returning method of <typeparamref name="T"/> on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static void AddOrUpdate<T>(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<T, ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, default).GetAwaiter().GetResult();

    /// <summary>Adds or updates a recurring job that runs a value-task-returning method of <typeparamref name="T"/> on <paramref name="queue"/> on the schedule <paramref name="cronExpression"/>.</summary>
    public static Task AddOrUpdateAsync<T>(this IRecurringJobManager manager, string recurringJobId, string queue, Expression<Func<T, ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null, CancellationToken cancellationToken = default) =>
        Checked(manager).AddOrUpdateAsync(recurringJobId, Job.FromExpression(methodCall), cronExpression, options, queue, cancellationToken);

    /// <summary>Runs a recurring job now; see <see cref="IRecurringJobManager.TriggerAsync"/>.</summary>
    public static string? Trigger(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).TriggerAsync(recurringJobId).GetAwaiter().GetResult();

    /// <summary>Removes a recurring job; see <see cref="IRecurringJobManager.RemoveIfExistsAsync"/>.</summary>
    public static bool RemoveIfExists(this IRecurringJobManager manager, string recurringJobId) =>
        Checked(manager).RemoveIfExistsAsync(recurringJobId).GetAwaiter().GetResult();

    private static IRecurringJobManager Checked(IRecurringJobManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return manager;
    }
}
