using System.Net;
using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard;

/// <summary>
/// Allows only requests from this machine: the remote address is a loopback address, or equals the local address.
/// The default when no other authorization is configured. Behind a reverse proxy on the same machine every request
/// looks local, so configure real authorization there.
/// </summary>
public sealed class LocalRequestsOnlyAuthorizationFilter : IDashboardAuthorizationFilter
{
    /// <inheritdoc />
    public ValueTask<bool> AuthorizeAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var connection = httpContext.Connection;
        var remote = connection.RemoteIpAddress;
        // TestServer and in-process hosts have no remote address at all: that is not a network request.
        var local = remote is null
            ? connection.LocalIpAddress is null
            : IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress);
        return ValueTask.FromResult(local);
    }
}
