// Job classes as a Hangfire 1.8 application writes them. Only the usings differ: Ember for Hangfire, Ember.Server for
// Hangfire.Server.
using System.Collections.Concurrent;
using Ember;
using Ember.Server;

namespace Ember.HangfireCompat.Tests.App;

public static class Calls
{
    private static readonly ConcurrentQueue<string> All = new();

    public static void Record(string call) => All.Enqueue(call);

    public static bool Contains(string call) => All.Contains(call);
}

public interface IEmailSender
{
    void Send(string key, string address);

    Task SendAsync(string key, string address);
}

public sealed class EmailSender : IEmailSender
{
    public void Send(string key, string address) => Calls.Record($"{key}:send:{address}");

    public Task SendAsync(string key, string address)
    {
        Calls.Record($"{key}:send-async:{address}");
        return Task.CompletedTask;
    }
}

public static class Orders
{
    public static Task<decimal> TotalAsync(string key, int orderId)
    {
        Calls.Record($"{key}:total:{orderId}");
        return Task.FromResult(orderId * 1.5m);
    }

    public static void SendTotal(string key, int orderId, [FromResult] decimal total) => Calls.Record(FormattableString.Invariant($"{key}:sent-total:{orderId}:{total}"));

    public static void Raise(string key, [FromException] ExceptionInfo? exception) => Calls.Record($"{key}:raised:{exception?.Type}:{exception?.Message}");

    public static void Audit(string key) => Calls.Record($"{key}:audit");

    [AutomaticRetry(Attempts = 0)]
    public static void Fail(string key) => throw new InvalidOperationException($"{key} failed");

    public static void Context(string key, PerformContext context, IJobCancellationToken? cancellationToken)
    {
        cancellationToken!.ThrowIfCancellationRequested();
        context.SetJobParameter("checkpoint", 3);
        Calls.Record($"{key}:context:{context.BackgroundJob.Id}");
    }

    public static Task NoopAsync() => Task.CompletedTask;

    public static void Noop()
    {
    }
}
