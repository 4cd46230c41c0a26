namespace Ember.Dashboard.Tests.Support;

/// <summary>Jobs the tests enqueue: their arguments and outcomes are what the pages show.</summary>
public static class SampleJobs
{
    public static void Succeed(string text) => _ = text;

    public static Task WaitAsync(int milliseconds, CancellationToken token) => Task.Delay(milliseconds, token);

    /// <summary>Fails while the switch is on: a test turns it off, requeues, and sees the job succeed.</summary>
    public static bool Failing
    {
        get => Volatile.Read(ref _failing);
        set => Volatile.Write(ref _failing, value);
    }

    private static bool _failing = true;

    [AutomaticRetry(Attempts = 0)]
    public static void FailWhileSwitchedOn(string order)
    {
        if (Failing) throw new InvalidOperationException($"Payment gateway refused order {order}");
    }

    [AutomaticRetry(Attempts = 0)]
    public static void AlwaysFail(string text) => throw new TimeoutException($"Timed out on {text}");

    public static void Process(Order order) => _ = order;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Fixed = new();

    /// <summary>Fails until a test calls <see cref="Fix"/> with the same key: tests running in parallel don't share a switch.</summary>
    [AutomaticRetry(Attempts = 0)]
    public static void FailUntilFixed(string key, int n)
    {
        if (!Fixed.ContainsKey(key)) throw new InvalidOperationException($"Payment gateway refused order {n}");
    }

    public static void Fix(string key) => Fixed[key] = true;

    // Writes its log and progress step by step, each step waiting for the test to let it go on.
    public static async Task<int> ImportAsync(string key, Ember.Server.PerformContext? context, CancellationToken token)
    {
        for (var step = 1; step <= 2; step++)
        {
            context!.WriteLine($"imported batch {step} <b>not bold</b>");
            context.ReportProgress(step * 50);
            while (!Fixed.ContainsKey($"{key}:{step}")) await Task.Delay(20, token);
        }
        return 2;
    }
}

public sealed record Order(int Id, string Customer, decimal Total, string[] Lines);
