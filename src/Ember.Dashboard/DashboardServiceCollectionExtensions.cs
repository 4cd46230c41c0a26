using Ember;
using Ember.Dashboard;
using Ember.Dashboard.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services the Ember dashboard needs.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dashboard's options, ASP.NET Core antiforgery (which protects its actions), and the background
    /// reading of the statistics that lets the live graph open with the last minutes (one store call every
    /// <see cref="DashboardOptions.StatsPollingInterval"/>). Map it with <c>app.MapEmberDashboard("/ember")</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Options shared by every mapping; each <c>MapEmberDashboard</c> may change them further.</param>
    public static IServiceCollection AddEmberDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null) =>
        services.AddEmberDashboard(null, configure);

    /// <summary>
    /// Registers the dashboard as <see cref="AddEmberDashboard(IServiceCollection, Action{DashboardOptions})"/> does, with
    /// its options bound from a configuration section first (e.g. <c>builder.Configuration.GetSection("Ember:Dashboard")</c>);
    /// <paramref name="configure"/> applies on top. The options are validated when the host starts.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="section">The configuration section; null for none.</param>
    /// <param name="configure">Options shared by every mapping; each <c>MapEmberDashboard</c> may change them further.</param>
    public static IServiceCollection AddEmberDashboard(this IServiceCollection services, IConfiguration? section, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAntiforgery();
        services.TryAddSingleton<StatisticsHistory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StatisticsSampler>());
        var builder = services.AddOptions<DashboardOptions>();
        if (section is not null) builder.Bind(section);
        if (configure is not null) builder.Configure(configure);
        builder.ValidateWith(options => options.Validate());
        return services;
    }
}
