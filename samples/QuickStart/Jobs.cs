using Ember;

namespace QuickStart;

/// <summary>An instance job: resolved from dependency injection in a scope per job.</summary>
public sealed class EmailSender(ILogger<EmailSender> logger)
{
    public async Task SendWelcomeAsync(string address, CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken); // pretend to talk to an SMTP server
        logger.LogInformation("Sent a welcome email to {Address}", address);
    }
}

/// <summary>A static job.</summary>
public static class Reports
{
    public static void Build(string name) => Console.WriteLine($"Built the {name} report");
}

/// <summary>The steps of a continuation chain.</summary>
public static class Orders
{
    public static void Step(string order, string step) => Console.WriteLine($"{order}: {step}");
}

/// <summary>A job that fails twice, then succeeds: retried after 1 s, then 2 s.</summary>
public static class FlakyService
{
    private static int _calls;

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 2])]
    public static async Task CallAsync(string service)
    {
        await Task.Yield();
        if (Interlocked.Increment(ref _calls) <= 2)
            throw new HttpRequestException($"{service} is not answering (call {_calls})");
    }
}
