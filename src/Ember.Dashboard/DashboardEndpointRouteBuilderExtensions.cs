using Ember.Dashboard;
using Ember.Dashboard.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Ember dashboard into an ASP.NET Core application.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard under <paramref name="pattern"/> (e.g. <c>"/ember"</c>). By default only local requests
    /// may open it: set <see cref="DashboardOptions.Authorization"/> or <see cref="DashboardOptions.AuthorizationPolicy"/>,
    /// or chain <c>.RequireAuthorization(...)</c>, for remote users. Needs <c>builder.Services.AddEmberDashboard()</c>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The path prefix; any route pattern without parameters.</param>
    /// <param name="configure">Changes to the options registered with <c>AddEmberDashboard</c>, for this mapping only.</param>
    /// <returns>The endpoints' convention builder, to chain <c>RequireAuthorization</c>, <c>RequireHost</c> and the like.</returns>
    /// <example><code>
    /// builder.Services.AddEmberDashboard();
    /// ...
    /// app.MapEmberDashboard("/ember", options => options.AuthorizationPolicy = "Admins");
    /// </code></example>
    public static IEndpointConventionBuilder MapEmberDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/ember", Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IAntiforgery>() is null || services.GetService<IOptions<DashboardOptions>>() is null)
            throw new InvalidOperationException("MapEmberDashboard needs the dashboard's services: call builder.Services.AddEmberDashboard() before builder.Build().");
        if (services.GetService<Ember.Storage.IJobStore>() is null)
            throw new InvalidOperationException("MapEmberDashboard needs Ember: call builder.Services.AddEmber(ember => ember.UseSqlite(...)) before builder.Build().");
        var options = services.GetRequiredService<IOptions<DashboardOptions>>().Value.Clone();
        configure?.Invoke(options);
        options.Validate();
        // Now rather than at the first request: a misspelled policy stops the application as it starts.
        if (options.AuthorizationPolicy is { } policy)
            DashboardAuthorization.PolicyAsync(services, policy).GetAwaiter().GetResult();

        var prefix = "/" + pattern.Trim().Trim('/');
        if (prefix == "/") prefix = "";
        if (prefix.Contains('{', StringComparison.Ordinal))
            throw new ArgumentException($"The dashboard's path \"{pattern}\" can't hold route parameters.", nameof(pattern));
        var group = endpoints.MapGroup(prefix.Length == 0 ? "/" : prefix);
        new DashboardEndpoints(services, options, prefix).Map(group);
        group.WithMetadata(new DashboardMarker());
        return group;
    }

    /// <summary>Tags the dashboard's endpoints, e.g. for an application's own middleware to recognise them.</summary>
    private sealed class DashboardMarker;
}
