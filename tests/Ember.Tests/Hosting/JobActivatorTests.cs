using Ember.InMemory;
using Ember.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember.Tests.Hosting;

public class JobActivatorTests
{
    [Fact]
    public async Task AddServer_uses_a_JobActivator_registered_in_the_services()
    {
        var key = Signals.NewKey();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services
                .AddSingleton<JobActivator>(new NamingActivator("from DI"))
                .AddEmber(ember => ember.UseInMemory().AddServer(server => server.PollInterval = TimeSpan.FromMilliseconds(100))))
            .Build();
        await host.StartAsync();

        await host.Services.GetRequiredService<IBackgroundJobClient>().EnqueueAsync<Named>(n => n.Record(key));

        await Signals.WaitAsync(key + ":from DI");
        await host.StopAsync();
    }

    [Fact]
    public async Task ServerOptions_Activator_wins_over_the_services()
    {
        var key = Signals.NewKey();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services
                .AddSingleton<JobActivator>(new NamingActivator("from DI"))
                .AddEmber(ember => ember.UseInMemory().AddServer(server =>
                {
                    server.PollInterval = TimeSpan.FromMilliseconds(100);
                    server.Activator = new NamingActivator("from options");
                })))
            .Build();
        await host.StartAsync();

        await host.Services.GetRequiredService<IBackgroundJobClient>().EnqueueAsync<Named>(n => n.Record(key));

        await Signals.WaitAsync(key + ":from options");
        await host.StopAsync();
        Assert.Equal(0, Signals.Count(key + ":from DI"));
    }

    [Fact]
    public async Task A_Hangfire_style_activator_overriding_only_ActivateJob_runs_jobs_and_its_scope_disposes_them()
    {
        var key = Signals.NewKey();
        var store = new InMemoryJobStore();
        var options = ServerHarness.FastOptions();
        options.Activator = new NamingActivator("hand-built");
        await using var server = new EmberServer(store, options);
        await server.StartAsync();

        var id = await new BackgroundJobClient(store).EnqueueAsync<Named>(n => n.Record(key));

        await Signals.WaitAsync(key + ":hand-built");
        await Signals.WaitAsync(key + ":disposed");
        await Eventually.ReturnsAsync(async () => (await store.Queries.GetJobAsync(id))!.Job.State, s => s == JobState.Succeeded, null, "job succeeded");
    }

    // Hangfire's idiom: a container-backed activator overrides ActivateJob only.
    private sealed class NamingActivator(string name) : JobActivator
    {
        public override object ActivateJob(Type jobType) => new Named(name);
    }

    public sealed class Named(string activator) : IDisposable
    {
        private string? _key;

        public Named() : this("none")
        {
        }

        public void Record(string key)
        {
            _key = key;
            Signals.Hit(key + ":" + activator);
        }

        public void Dispose()
        {
            if (_key is not null) Signals.Hit(_key + ":disposed");
        }
    }
}
