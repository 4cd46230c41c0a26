using Ember.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember.Tests.Hosting;

public class AddEmberTests
{
    [Fact]
    public async Task Host_runs_jobs_resolving_targets_from_a_scope_per_job()
    {
        var key = Signals.NewKey();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services
                .AddScoped<ScopedDependency>()
                .AddTransient<Greeter>()
                .AddEmber(ember => ember.UseInMemory().AddServer(server => server.PollInterval = TimeSpan.FromMilliseconds(100))))
            .Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();

        await client.EnqueueAsync<Greeter>(g => g.GreetAsync(key, CancellationToken.None));
        await client.EnqueueAsync<Greeter>(g => g.GreetAsync(key, CancellationToken.None));

        await Signals.WaitAsync(key, 2);
        await Signals.WaitAsync(key + ":disposed", 2);
        await host.StopAsync();
        Assert.Equal(2, ScopedDependency.Instances(key).Distinct().Count());
    }

    [Fact]
    public async Task Host_start_sets_the_static_facade()
    {
        using var host = Host.CreateDefaultBuilder().ConfigureServices(s => s.AddEmber(e => e.UseInMemory())).Build();
        await host.StartAsync();

        Assert.Same(host.Services.GetRequiredService<IBackgroundJobClient>(), BackgroundJob.Client);
        await host.StopAsync();
    }

    [Fact]
    public async Task Static_facades_work_once_the_host_is_built_before_it_starts()
    {
        using var host = Host.CreateDefaultBuilder().ConfigureServices(s => s.AddEmber(e => e.UseInMemory())).Build();
        var store = host.Services.GetRequiredService<Storage.IJobStore>();

        var id = BackgroundJob.Enqueue(() => Console.WriteLine("from Program.cs"));
        RecurringJob.AddOrUpdate("from-program", () => Console.WriteLine("tick"), Cron.Daily);

        Assert.NotNull(await store.Queries.GetJobAsync(id));
        Assert.NotNull(await store.Queries.GetRecurringJobAsync("from-program"));
    }

    [Fact]
    public void AddEmber_without_a_store_says_how_to_add_one()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEmber(ember => ember.AddServer()));

        Assert.Contains("UseSqlite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_server_options_fail_the_host_start_naming_the_option()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(s => s.AddEmber(e => e.UseInMemory().AddServer(server => server.WorkerCount = 0)))
            .Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("ServerOptions.WorkerCount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_shared_options_fail_the_host_start_naming_the_option()
    {
        using var host = Host.CreateDefaultBuilder().ConfigureServices(s => s.AddEmber(e =>
        {
            e.UseInMemory();
            e.Options.JobExpiration = TimeSpan.FromSeconds(-1);
        })).Build();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("EmberOptions.JobExpiration", error.Message, StringComparison.Ordinal);
    }

    public sealed class ScopedDependency : IDisposable
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<ScopedDependency>> Seen = new();

        public string? Key { get; set; }

        public static IEnumerable<ScopedDependency> Instances(string key) => Seen.TryGetValue(key, out var bag) ? bag : [];

        public void Use(string key)
        {
            Key = key;
            Seen.GetOrAdd(key, _ => []).Add(this);
        }

        public void Dispose()
        {
            if (Key is not null) Signals.Hit(Key + ":disposed");
        }
    }

    public sealed class Greeter(ScopedDependency dependency)
    {
        public async Task GreetAsync(string key, CancellationToken token)
        {
            await Task.Yield();
            dependency.Use(key);
            Signals.Hit(key);
        }
    }
}
