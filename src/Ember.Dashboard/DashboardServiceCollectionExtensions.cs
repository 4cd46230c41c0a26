using Ember.Dashboard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services the Ember dashboard needs.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dashboard's options and ASP.NET Core antiforgery (which protects its actions). Map it with
    /// <c>app.MapEmberDashboard("/ember")</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Options shared by every mapping; each <c>MapEmberDashboard</c> may change them further.</param>
    public static IServiceCollection AddEmberDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAntiforgery();
        var builder = services.AddOptions<DashboardOptions>();
        if (configure is not null) builder.Configure(configure);
        return services;
    }
}
