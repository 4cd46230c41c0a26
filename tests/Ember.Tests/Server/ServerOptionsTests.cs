using Ember.InMemory;

namespace Ember.Tests.Server;

public class ServerOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Worker_count_out_of_range_is_refused_naming_the_option(int workers)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EmberServer(new InMemoryJobStore(), new ServerOptions { WorkerCount = workers }));

        Assert.Contains("ServerOptions.WorkerCount", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void Prefetch_limit_out_of_range_is_refused_naming_the_option(int prefetched)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServerOptions { MaxPrefetchedJobs = prefetched }.Validate());

        Assert.Contains("ServerOptions.MaxPrefetchedJobs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_interval_is_refused_naming_the_option()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServerOptions { PollInterval = TimeSpan.FromSeconds(-1) }.Validate());

        Assert.Contains("ServerOptions.PollInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_renewal_slower_than_half_the_lease_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServerOptions { LeaseDuration = TimeSpan.FromSeconds(2), LeaseRenewInterval = TimeSpan.FromSeconds(1.5) }.Validate());

        Assert.Contains("LeaseRenewInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_or_duplicate_queues_are_refused()
    {
        Assert.Contains("not a valid queue name", Assert.Throws<ArgumentException>(() => new ServerOptions { Queues = ["a b"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<InvalidOperationException>(() => new ServerOptions { Queues = ["a", "a"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new ServerOptions { Queues = [] }.Validate());
    }

    [Fact]
    public void Defaults_are_valid()
    {
        new ServerOptions().Validate();
        new EmberOptions().Validate();
    }

    [Fact]
    public void Non_positive_job_expiration_is_refused_naming_the_option()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EmberOptions { JobExpiration = TimeSpan.Zero }.Validate());

        Assert.Contains("EmberOptions.JobExpiration", error.Message, StringComparison.Ordinal);
    }
}

public class ServerOptionsBoundsTests
{
    [Fact]
    public void Durations_beyond_thirty_days_are_refused_naming_the_option()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServerOptions { JobTimeout = TimeSpan.MaxValue }.Validate());

        Assert.Contains("ServerOptions.JobTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("leave JobTimeout null", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new ServerOptions { LeaseDuration = TimeSpan.FromDays(60) }.Validate());
    }

    [Fact]
    public void Hangfire_BackgroundJobServerOptions_members_set_the_Ember_options()
    {
#pragma warning disable CS0618 // Hangfire's names are obsolete aliases: this is what they are for.
        var options = new ServerOptions
        {
            WorkerCount = 3,
            Queues = new[] { "critical", "default" },
            ServerName = "web-1",
            StopTimeout = TimeSpan.FromSeconds(7),
            SchedulePollingInterval = TimeSpan.FromSeconds(2),
            ServerCheckInterval = TimeSpan.FromSeconds(9),
            HeartbeatInterval = TimeSpan.FromSeconds(4),
            CancellationCheckInterval = TimeSpan.FromSeconds(3),
            ServerTimeout = TimeSpan.FromMinutes(5),
        };
        options.Validate();

        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), options.RescueInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.LeaseRenewInterval);
        Assert.Equal(options.ShutdownTimeout, options.StopTimeout);
        Assert.Equal(options.RescueInterval, options.ServerCheckInterval);
        Assert.Equal(options.LeaseRenewInterval, options.CancellationCheckInterval);
        Assert.Equal(["critical", "default"], options.Queues);

        var error = Assert.Throws<InvalidOperationException>(() => new ServerOptions { CancellationCheckInterval = TimeSpan.FromSeconds(-1) }.Validate());
#pragma warning restore CS0618
        Assert.Contains("ServerOptions.LeaseRenewInterval (Hangfire's CancellationCheckInterval)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hangfire_aliases_are_obsolete_and_name_the_Ember_option()
    {
        foreach (var (alias, target) in new[] { ("StopTimeout", "ShutdownTimeout"), ("ServerCheckInterval", "RescueInterval"), ("CancellationCheckInterval", "LeaseRenewInterval") })
        {
            var property = typeof(ServerOptions).GetProperty(alias)!;
            var obsolete = (ObsoleteAttribute)Attribute.GetCustomAttribute(property, typeof(ObsoleteAttribute))!;
            Assert.StartsWith("Use " + target, obsolete.Message, StringComparison.Ordinal);
        }
    }
}
