using Ember.Storage;
using Ember.Testing.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Testing.Tests.Hosting;

public class AddEmberTestingTests
{
    [Fact]
    public void Code_under_test_that_resolves_the_client_and_manager_gets_the_test_client()
    {
        using var services = TestServices.Create(s => s.AddTransient<SignupController>().AddEmberTesting());
        var jobs = services.GetRequiredService<TestBackgroundJobClient>();

        services.GetRequiredService<SignupController>().SignUp(42);

        Assert.Same(jobs, services.GetRequiredService<IBackgroundJobClient>());
        Assert.Same(jobs, services.GetRequiredService<IRecurringJobManager>());
        Assert.Same(jobs.Store, services.GetRequiredService<IJobStore>());
        jobs.AssertEnqueued<IEmailSender>(x => x.SendWelcomeAsync(42, CancellationToken.None));
        jobs.AssertRecurring<IEmailSender>("digest-42", x => x.Ping(), Cron.Daily());
    }

    [Fact]
    public void Replaces_what_AddEmber_registered_and_removes_its_servers()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEmber(ember => ember.UseInMemory().AddServer().AddServer(s => s.Queues = ["critical"]));
        Assert.Equal(4, services.Count(d => d.ServiceType == typeof(IHostedService)));

        services.AddEmberTesting();
        using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToArray();
        Assert.Equal(["EmberStartup", "StoreGauges"], hosted.Select(h => h.GetType().Name));
        var jobs = provider.GetRequiredService<TestBackgroundJobClient>();
        Assert.Same(jobs, provider.GetRequiredService<IBackgroundJobClient>());
        Assert.Same(jobs.Store, provider.GetRequiredService<IJobStore>());
    }

    [Fact]
    public void Takes_the_applications_ember_options_and_clock_unless_the_test_sets_its_own()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddEmber(ember =>
        {
            ember.UseInMemory();
            ember.Options.DefaultQueue = "mail";
        });
        services.AddEmberTesting();
        using var provider = services.BuildServiceProvider();
        var jobs = provider.GetRequiredService<TestBackgroundJobClient>();

        jobs.Schedule<IEmailSender>(x => x.Ping(), TimeSpan.FromHours(1));

        Assert.Same(clock, jobs.TimeProvider);
        jobs.AssertScheduled<IEmailSender>(x => x.Ping(), new JobMatch { Queue = "mail", ScheduledAt = clock.GetUtcNow().AddHours(1), Tolerance = TimeSpan.Zero });

        var own = new FakeTimeProvider();
        services.AddEmberTesting(testing => testing.TimeProvider = own);
        using var second = services.BuildServiceProvider();
        Assert.Same(own, second.GetRequiredService<TestBackgroundJobClient>().TimeProvider);
    }

    [Fact]
    public void Jobs_run_in_a_scope_of_the_services_per_job()
    {
        using var services = TestServices.Create(s => s.AddScoped<ScopedCounter>().AddEmberTesting());
        var jobs = services.GetRequiredService<TestBackgroundJobClient>();
        jobs.Enqueue<UsesScope>(x => x.Run());
        jobs.Enqueue<UsesScope>(x => x.Run());

        jobs.RunPending().EnsureAllSucceeded();

        var calls = services.GetRequiredService<Calls>().All;
        Assert.Equal(2, calls.Count);
        Assert.Equal(2, calls.Distinct().Count()); // a new scope, so a new scoped counter, per job
        Assert.All(calls, c => Assert.EndsWith(" 1", c, StringComparison.Ordinal));
    }

    public sealed class SignupController(IBackgroundJobClient jobs, IRecurringJobManager recurring)
    {
        public void SignUp(int userId)
        {
            jobs.Enqueue<IEmailSender>(x => x.SendWelcomeAsync(userId, CancellationToken.None));
            recurring.AddOrUpdate<IEmailSender>($"digest-{userId}", x => x.Ping(), Cron.Daily());
        }
    }

    public sealed class ScopedCounter
    {
        private static int _instances;

        public int Instance { get; } = Interlocked.Increment(ref _instances);

        public int Uses { get; set; }
    }

    public sealed class UsesScope(ScopedCounter counter, Calls calls)
    {
        public void Run() => calls.Add($"instance {counter.Instance} use {++counter.Uses}");
    }
}

// Starting a host points the static facades at its client, for the whole process: in the facades' collection, so as
// not to run while their tests do.
[Collection(nameof(StaticFacadesTests))]
public class AddEmberTestingHostTests
{
    [Fact]
    public async Task A_host_started_with_AddEmber_then_AddEmberTesting_runs_no_server_and_jobs_wait_for_RunPending()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<Calls>().AddTransient<IEmailSender, EmailSender>();
        builder.Services.AddEmber(ember => ember.UseInMemory().AddServer(s => s.PollInterval = TimeSpan.FromMilliseconds(10)));
        builder.Services.AddEmberTesting();
        using var host = builder.Build();
        await host.StartAsync();
        var jobs = host.Services.GetRequiredService<TestBackgroundJobClient>();

        await host.Services.GetRequiredService<IBackgroundJobClient>().EnqueueAsync<IEmailSender>(x => x.Ping());

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), h => h.GetType().Name == "EmberServerHostedService");
        Assert.Same(jobs, BackgroundJob.Client); // set by AddEmber's start-up, as in production
        Assert.Same(jobs, RecurringJob.Manager);
        jobs.AssertEnqueued<IEmailSender>(x => x.Ping(), new() { State = JobState.Enqueued });
        Assert.Single((await jobs.RunPendingAsync()).Succeeded);
        Assert.Equal(["ping"], host.Services.GetRequiredService<Calls>().All);
        await host.StopAsync();
    }
}
