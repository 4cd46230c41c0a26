using Ember.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ember.Tests.Hosting;

public class ConfigurationTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create("Ember:" + v.Key, (string?)v.Value)))
            .Build()
            .GetSection("Ember");

    [Fact]
    public void Shared_options_bind_from_the_section_and_code_applies_on_top()
    {
        var section = Section(("JobExpiration", "7.00:00:00"), ("DefaultQueue", "jobs"), ("Retry:Attempts", "3"),
            ("Retry:DelaysInSeconds:0", "5"), ("Retry:DelaysInSeconds:1", "60"), ("MaxLogLines", "50"));
        using var provider = new ServiceCollection()
            .AddEmber(section, ember => { ember.UseInMemory(); ember.Options.MaxLogLines = 70; })
            .Configure<EmberOptions>(o => o.Retry.Interruptions = 2)
            .BuildServiceProvider();

        var options = provider.GetRequiredService<EmberOptions>();

        Assert.Equal(TimeSpan.FromDays(7), options.JobExpiration);
        Assert.Equal("jobs", options.DefaultQueue);
        Assert.Equal(3, options.Retry.Attempts);
        Assert.Equal([5, 60], options.Retry.DelaysInSeconds);
        Assert.Equal(70, options.MaxLogLines);
        Assert.Equal(2, options.Retry.Interruptions);
        Assert.Same(options, provider.GetRequiredService<IOptions<EmberOptions>>().Value);
    }

    [Fact]
    public async Task Server_options_bind_from_the_Server_section_then_Configure_then_the_servers_own_delegate()
    {
        var section = Section(("Server:WorkerCount", "7"), ("Server:Queues:0", "critical"), ("Server:Queues:1", "default"),
            ("Server:ServerName", "from-config"));
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services
                .AddEmber(section, ember => ember.UseInMemory()
                    .AddServer()
                    .AddServer(server => server.ServerName = "second"))
                .Configure<ServerOptions>(server => server.WorkerCount = 3))
            .Build();
        await host.StartAsync();

        var servers = await host.Services.GetRequiredService<IJobStore>().Queries.GetServersAsync();
        await host.StopAsync();

        Assert.Equal(["from-config", "second"], servers.Select(s => s.Name).Order());
        Assert.All(servers, s => Assert.Equal(3, s.WorkerCount));
        // Configured queues replace the default list instead of being appended to it.
        Assert.All(servers, s => Assert.Equal(["critical", "default"], s.Queues));
    }

    [Fact]
    public async Task Configure_ServerOptions_applies_without_a_configuration_section()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services
                .Configure<ServerOptions>(server => server.Queues = ["only"])
                .AddEmber(ember => ember.UseInMemory().AddServer()))
            .Build();
        await host.StartAsync();

        var servers = await host.Services.GetRequiredService<IJobStore>().Queries.GetServersAsync();
        await host.StopAsync();

        Assert.Equal(["only"], Assert.Single(servers).Queues);
    }

    [Fact]
    public async Task A_wrong_configured_value_fails_the_host_start_naming_the_option()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services.AddEmber(Section(("Retry:Attempts", "-1")), ember => ember.UseInMemory()))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("EmberOptions.Retry.Attempts must be 0 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_configured_server_value_fails_the_host_start_naming_the_option()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services.AddEmber(Section(("Server:WorkerCount", "0")), ember => ember.UseInMemory().AddServer()))
            .Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("ServerOptions.WorkerCount", error.Message, StringComparison.Ordinal);
    }
}
