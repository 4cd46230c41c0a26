using Ember.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ember.Dashboard.Tests.Hosting;

public class DashboardConfigurationTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create("Ember:Dashboard:" + v.Key, (string?)v.Value)))
            .Build()
            .GetSection("Ember:Dashboard");

    [Fact]
    public void Options_bind_from_the_section_with_code_on_top()
    {
        using var provider = new ServiceCollection()
            .AddEmberDashboard(Section(("Title", "Jobs"), ("ReadOnly", "true"), ("PageSize", "50")), o => o.PageSize = 40)
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DashboardOptions>>().Value;

        Assert.Equal("Jobs", options.Title);
        Assert.True(options.ReadOnly);
        Assert.Equal(40, options.PageSize);
    }

    [Fact]
    public void A_wrong_value_is_refused_naming_the_option()
    {
        using var provider = new ServiceCollection().AddEmberDashboard(Section(("PageSize", "0"))).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DashboardOptions>>().Value);

        Assert.Contains("DashboardOptions.PageSize", error.Message, StringComparison.Ordinal);
    }
}
