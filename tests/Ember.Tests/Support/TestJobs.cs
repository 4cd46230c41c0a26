namespace Ember.Tests.Support;

/// <summary>Jobs the tests enqueue. Each reports through <see cref="Signals"/> under a key unique to its test.</summary>
public class TestJobs
{
    public static void Record(string key) => Signals.Hit(key);

    /// <summary>A synchronous job that holds its thread, as Hangfire-style <c>void</c> jobs doing blocking I/O do.</summary>
    public static void BlockThread(string key, int number, int milliseconds)
    {
        Signals.Hit(key);
        Signals.Hit($"{key}:{number}");
        Thread.Sleep(milliseconds);
    }

    /// <summary>A job that takes a while without holding a thread, counted under its key and the server that ran it.</summary>
    public static async Task TakeTimeAsync(string key, int milliseconds, Ember.Server.PerformContext context)
    {
        await Task.Delay(milliseconds);
        Signals.Hit(key);
        Signals.Hit($"{key}:{context.ServerId}");
    }

    public static async Task RecordAsync(string key)
    {
        await Task.Yield();
        Signals.Hit(key);
    }

    public static async ValueTask RecordValueTaskAsync(string key)
    {
        await Task.Yield();
        Signals.Hit(key);
    }

    public static async ValueTask<int> RecordValueTaskOfIntAsync(string key)
    {
        await Task.Yield();
        return Signals.Hit(key);
    }

    public void RecordOnInstance(string key) => Signals.Hit(key);

    public static void RecordArguments(string key, int number, string text, DateTimeOffset when, Payload payload, int[] list)
    {
        if (number == 42 && text == "héllo \"world\"" && when == new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))
            && payload == new Payload("a", 1) && list.SequenceEqual([1, 2, 3]))
            Signals.Hit(key);
    }

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [0])]
    public static void FailTimes(string key, int failures)
    {
        if (Signals.Hit(key) <= failures) throw new InvalidOperationException($"Planned failure {Signals.Count(key)}");
    }

    [AutomaticRetry(Attempts = 0)]
    public static void FailAlways(string key)
    {
        Signals.Hit(key);
        throw new InvalidOperationException("Always fails");
    }

    public static async Task WaitForCancellationAsync(string key, CancellationToken token)
    {
        Signals.Hit(key + ":started");
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            Signals.Hit(key + ":cancelled");
            throw;
        }
    }

    public static async Task WaitForGateAsync(string key, CancellationToken token)
    {
        Signals.Hit(key + ":started");
        await Gates.WaitAsync(key, token);
        Signals.Hit(key);
    }

    public static Task ReturnFaultedTask(string key)
    {
        Signals.Hit(key);
        return Task.FromException(new InvalidOperationException("Faulted synchronously"));
    }

    public static async Task<int> ReportThreads(string key, CancellationToken token)
    {
        Signals.Hit(key + ":started");
        await Gates.WaitAsync(key, token);
        Signals.Hit(key);
        return 0;
    }
}

public sealed record Payload(string Name, int Value);

public static class Gates
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Open = new();

    public static Task WaitAsync(string key, CancellationToken token) =>
        Open.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(token);

    public static void Release(string key) =>
        Open.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
