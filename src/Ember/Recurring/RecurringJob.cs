using System.Linq.Expressions;

namespace Ember;

/// <summary>
/// A static facade over <see cref="Manager"/> for code without dependency injection, as in Hangfire. <c>AddEmber</c>
/// sets <see cref="Manager"/> when the host starts; prefer injecting <see cref="IRecurringJobManager"/>.
/// </summary>
public static class RecurringJob
{
    private static IRecurringJobManager? _manager;

    /// <summary>The manager used by the static methods.</summary>
    /// <exception cref="InvalidOperationException">When read before it was set.</exception>
    public static IRecurringJobManager Manager
    {
        get => _manager ?? throw new InvalidOperationException("RecurringJob.Manager is not set. Register Ember with services.AddEmber(...) and start the host, or set RecurringJob.Manager = new RecurringJobManager(store).");
        set => _manager = value;
    }

    /// <summary>Adds or updates a recurring job that runs a static method call.</summary>
    public static void AddOrUpdate(string recurringJobId, Expression<Action> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Manager.AddOrUpdate(recurringJobId, methodCall, cronExpression, options);

    /// <summary>Adds or updates a recurring job that runs a static method call returning a task.</summary>
    public static void AddOrUpdate(string recurringJobId, Expression<Func<Task>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Manager.AddOrUpdate(recurringJobId, methodCall, cronExpression, options);

    /// <summary>Adds or updates a recurring job that runs a static method call returning a value task.</summary>
    public static void AddOrUpdate(string recurringJobId, Expression<Func<ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Manager.AddOrUpdate(recurringJobId, methodCall, cronExpression, options);

    /// <summary>Adds or updates a recurring job that runs a method of <typeparamref name="T"/>.</summary>
    public static void AddOrUpdate<T>(string recurringJobId, Expression<Action<T>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Manager.AddOrUpdate(recurringJobId, methodCall, cronExpression, options);

    /// <summary>Adds or updates a recurring job that runs a task-returning method of <typeparamref name="T"/>.</summary>
    public static void AddOrUpdate<T>(string recurringJobId, Expression<Func<T, Task>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Manager.AddOrUpdate(recurringJobId, methodCall, cronExpression, options);

    /// <summary>Adds or updates a recurring job that runs a value-task-returning method of <typeparamref name="T"/>.</summary>
    public static void AddOrUpdate<T>(string recurringJobId, Expression<Func<T, ValueTask>> methodCall, string cronExpression, RecurringJobOptions? options = null) =>
        Manager.AddOrUpdate(recurringJobId, methodCall, cronExpression, options);

    /// <summary>Runs a recurring job now; returns the new job's id, or null when there is no such recurring job.</summary>
    public static string? TriggerJob(string recurringJobId) => Manager.Trigger(recurringJobId);

    /// <summary>Removes a recurring job if it exists.</summary>
    public static bool RemoveIfExists(string recurringJobId) => Manager.RemoveIfExists(recurringJobId);
}
