using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard;

/// <summary>
/// Decides whether a request may see the dashboard (Hangfire's <c>IDashboardAuthorizationFilter</c>, async). Every
/// filter in <see cref="DashboardOptions.Authorization"/> must allow a request; a refused one gets 401 when the user
/// is not signed in, 403 otherwise.
/// </summary>
public interface IDashboardAuthorizationFilter
{
    /// <summary>Returns true to let the request through.</summary>
    ValueTask<bool> AuthorizeAsync(HttpContext httpContext);
}
