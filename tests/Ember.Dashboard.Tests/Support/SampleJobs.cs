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
}

public sealed record Order(int Id, string Customer, decimal Total, string[] Lines);
