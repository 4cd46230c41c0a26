using System.Reflection;
using Ember.HealthChecks;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.HealthChecks;

public class EmberHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 30, 0, TimeSpan.Zero));

    private IHost Host(Action<EmberBuilder> ember, Action<EmberHealthCheckOptions>? check = null) =>
        Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(_time).AddEmber(ember);
                services.AddHealthChecks().AddEmber(check);
            })
            .Build();

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["ember"];

    [Fact]
    public async Task A_reachable_store_and_a_heartbeating_server_are_healthy()
    {
        using var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                services.AddEmber(ember => ember.UseInMemory().AddServer());
                services.AddHealthChecks().AddEmber();
            })
            .Build();
        await host.StartAsync();

        var entry = await CheckAsync(host);
        await host.StopAsync();

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("0 enqueued; 1 running server heartbeating.", entry.Description);
    }

    [Fact]
    public async Task A_running_server_missing_from_the_registry_is_unhealthy_naming_it()
    {
        using var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                // No heartbeat during the test: one would put the removed server back in the registry before the check.
                services.AddEmber(ember => ember.UseInMemory().AddServer(s => (s.ServerName, s.HeartbeatInterval, s.ServerTimeout) = ("worker-a", TimeSpan.FromHours(1), TimeSpan.FromHours(2))));
                services.AddHealthChecks().AddEmber();
            })
            .Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IJobStore>();
        var server = Assert.Single(await store.Queries.GetServersAsync());

        await store.RemoveServerAsync(server.ServerId);
        var entry = await CheckAsync(host);
        await host.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Server worker-a is not in the server registry", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_depth_over_a_threshold_reports_the_figure()
    {
        using var host = Host(ember => ember.UseInMemory(), o => (o.DegradedQueueDepth, o.UnhealthyQueueDepth) = (2, 5));
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < 3; i++) await client.EnqueueAsync(() => Console.WriteLine(i));

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("3 jobs are enqueued (degraded from 2).", entry.Description);
        Assert.Equal(3L, entry.Data["enqueued"]);
    }

    [Fact]
    public async Task An_old_enqueued_job_is_unhealthy_with_its_wait()
    {
        using var host = Host(ember => ember.UseInMemory(), o => (o.DegradedEnqueuedAge, o.UnhealthyEnqueuedAge) = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
        await host.Services.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Console.WriteLine("waiting"));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);

        _time.Advance(TimeSpan.FromMinutes(10));
        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("The job at the head of a queue has waited 10 min (unhealthy from 5 min).", entry.Description);
    }

    [Fact]
    public async Task Failed_jobs_in_the_last_hour_over_a_threshold_are_reported_with_the_window()
    {
        using var host = Host(ember => ember.UseInMemory(), o => o.DegradedFailedLastHour = 1);
        var store = host.Services.GetRequiredService<IJobStore>();
        var id = await host.Services.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Console.WriteLine("fails"));
        await store.ChangeStateAsync(new ChangeStateRequest(id, new StateChange { State = JobState.Failed, Reason = "test" }, [JobState.Enqueued]));

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("1 job failed since 2030-01-01T11:00Z (degraded from 1).", entry.Description);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_fails_the_check_after_the_timeout()
    {
        using var host = Host(ember => ember.UseStore(_ => HangingStore.Create()), o => o.Timeout = TimeSpan.FromMilliseconds(200));

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("The Ember store did not answer within 0.2 s.", entry.Description);
    }

    [Fact]
    public void A_wrong_option_is_refused_naming_it()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddEmber(ember => ember.UseInMemory())
            .AddHealthChecks().AddEmber(o => o.Timeout = TimeSpan.Zero).Services
            .BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<EmberHealthCheckOptions>>().Get("ember"));

        Assert.Contains("EmberHealthCheckOptions.Timeout", error.Message, StringComparison.Ordinal);
    }

    // A store whose every call waits forever (and ignores its token), as one behind a dropped connection may.
    public class HangingStore : DispatchProxy
    {
        public static IJobStore Create() => DispatchProxy.Create<IJobStore, HangingStore>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var type = targetMethod!.ReturnType;
            if (type == typeof(IJobQueries)) return DispatchProxy.Create<IJobQueries, HangingStore>();
            if (type == typeof(Task)) return new TaskCompletionSource().Task;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var source = Activator.CreateInstance(typeof(TaskCompletionSource<>).MakeGenericType(type.GetGenericArguments()))!;
                return source.GetType().GetProperty("Task")!.GetValue(source);
            }
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }
    }
}
