using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Testing.Tests.Support;

/// <summary>What the test jobs did, in order; one per test (registered in the test's own services).</summary>
public sealed class Calls
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> All => _calls.ToArray();

    public void Add(string call) => _calls.Enqueue(call);
}

public sealed record Order(int Id, string Customer, decimal Total);

public interface IEmailSender
{
    Task SendWelcomeAsync(int userId, CancellationToken token);

    Task SendReceiptAsync(Order order, string layout);

    void Ping();
}

public sealed class EmailSender(Calls calls) : IEmailSender
{
    public Task SendWelcomeAsync(int userId, CancellationToken token)
    {
        calls.Add($"welcome {userId}");
        return Task.CompletedTask;
    }

    public async Task SendReceiptAsync(Order order, string layout)
    {
        await Task.Yield();
        calls.Add($"receipt {order.Id} {layout}");
    }

    public void Ping() => calls.Add("ping");
}

[Queue("reports")]
public sealed class Reports(Calls calls)
{
    public void Build(DateOnly day) => calls.Add($"report {day:yyyy-MM-dd}");

    [Queue("critical")]
    public void BuildUrgent(DateOnly day) => calls.Add($"urgent report {day:yyyy-MM-dd}");
}

public sealed class FailingJob(Calls calls)
{
    [AutomaticRetry(Attempts = 0)]
    public void FailOnce(string why)
    {
        calls.Add($"fail {why}");
        throw new InvalidOperationException(why);
    }

    // Ember's default retry policy: a retry later.
    public void FailWithRetries()
    {
        calls.Add("fail with retries");
        throw new TimeoutException("the mail server did not answer");
    }

    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [60])]
    public void FailTwiceThenSucceed()
    {
        calls.Add("attempt");
        if (calls.All.Count(c => c == "attempt") <= 2) throw new InvalidOperationException("not yet");
    }
}

/// <summary>A job that enqueues more work through the client it is given, as application jobs do.</summary>
public sealed class Signup(IBackgroundJobClient jobs, Calls calls)
{
    public async Task RegisterAsync(int userId)
    {
        calls.Add($"register {userId}");
        var welcome = await jobs.EnqueueAsync<IEmailSender>(x => x.SendWelcomeAsync(userId, CancellationToken.None));
        await jobs.ContinueJobWithAsync<IEmailSender>(welcome, x => x.SendReceiptAsync(new Order(userId, "new", 0m), "first"));
    }

    public void Loop() => jobs.Enqueue<Signup>(x => x.Loop());
}

public static class StaticJobs
{
    public static void Log(string message) => Console.WriteLine(message);
}

public static class TestServices
{
    /// <summary>A provider with the test jobs and a <see cref="Calls"/> of their own.</summary>
    public static ServiceProvider Create(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Calls>();
        services.AddTransient<IEmailSender, EmailSender>();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
