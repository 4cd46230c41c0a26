using Ember.Dashboard;
using Ember.Dashboard.Live;
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
    public static IServiceCollection AddEmberDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAntiforgery();
        services.TryAddSingleton<StatisticsHistory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StatisticsSampler>());
        var builder = services.AddOptions<DashboardOptions>();
        if (configure is not null) builder.Configure(configure);
        return services;
    }
}
