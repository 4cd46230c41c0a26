using System.Net;
using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard;

/// <summary>
/// Allows only requests from this machine: the remote address is a loopback address, or equals the local address, and
/// the request carries no proxy forwarding header. The default when no other authorization is configured. A reverse
/// proxy on the same machine that doesn't add X-Forwarded-For or Forwarded makes every request look local, so
/// configure real authorization there.
/// </summary>
public sealed class LocalRequestsOnlyAuthorizationFilter : IDashboardAuthorizationFilter
{
    /// <inheritdoc />
    public ValueTask<bool> AuthorizeAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        // A request a proxy forwarded came from elsewhere, whatever address the proxy connected from.
        var headers = httpContext.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded")) return ValueTask.FromResult(false);
        var connection = httpContext.Connection;
        var remote = connection.RemoteIpAddress;
        // TestServer and in-process hosts have no remote address at all: that is not a network request.
        var local = remote is null
            ? connection.LocalIpAddress is null
            : IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress);
        return ValueTask.FromResult(local);
    }
}
