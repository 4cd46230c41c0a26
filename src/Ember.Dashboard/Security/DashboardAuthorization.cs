using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Security;

/// <summary>
/// Decides who may see the dashboard: the configured filters, then the configured policy. With neither, and no
/// <c>RequireAuthorization</c> on the endpoints, only local requests: a dashboard mapped without thought must not be
/// open to the internet.
/// </summary>
internal sealed class DashboardAuthorization(DashboardOptions options)
{
    private static readonly IDashboardAuthorizationFilter[] LocalOnly = [new LocalRequestsOnlyAuthorizationFilter()];

    /// <summary>True when the request may go on; otherwise the response (401 or 403) has been started.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var filters = options.Authorization.Count > 0 ? options.Authorization
            : options.AuthorizationPolicy is null && context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null ? LocalOnly
            : [];
        foreach (var filter in filters)
        {
            if (!await filter.AuthorizeAsync(context).ConfigureAwait(false))
            {
                await DenyAsync(context, challenge: false).ConfigureAwait(false);
                return false;
            }
        }
        if (options.AuthorizationPolicy is not { } policyName) return true;

        // Evaluated here rather than by endpoint metadata, so it works whatever the middleware order.
        var provider = context.RequestServices.GetService<IAuthorizationPolicyProvider>();
        var evaluator = context.RequestServices.GetService<IPolicyEvaluator>();
        if (provider is null || evaluator is null)
            throw new InvalidOperationException($"DashboardOptions.AuthorizationPolicy is \"{policyName}\", but authorization isn't set up: call builder.Services.AddAuthorization(o => o.AddPolicy(\"{policyName}\", ...)).");
        var policy = await provider.GetPolicyAsync(policyName).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"DashboardOptions.AuthorizationPolicy names \"{policyName}\", but no such policy is registered: add it with builder.Services.AddAuthorization(o => o.AddPolicy(\"{policyName}\", ...)).");
        var authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
        var result = await evaluator.AuthorizeAsync(policy, authentication, context, resource: context).ConfigureAwait(false);
        if (result.Succeeded) return true;
        await DenyAsync(context, challenge: result.Challenged).ConfigureAwait(false);
        return false;
    }

    /// <summary>401 (or the authentication scheme's challenge, e.g. a login redirect) for an anonymous user, 403 otherwise.</summary>
    private static async Task DenyAsync(HttpContext context, bool challenge)
    {
        var anonymous = context.User.Identity?.IsAuthenticated != true;
        var schemes = context.RequestServices.GetService<IAuthenticationSchemeProvider>();
        if ((challenge || anonymous) && schemes is not null && await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) is not null)
        {
            await context.ChallengeAsync().ConfigureAwait(false);
            return;
        }
        if (!anonymous && schemes is not null && await schemes.GetDefaultForbidSchemeAsync().ConfigureAwait(false) is not null)
        {
            await context.ForbidAsync().ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = anonymous ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(anonymous
            ? "The Ember dashboard allows only local requests unless authorization is configured (see DashboardOptions.Authorization and AuthorizationPolicy)."
            : "You are not allowed to see the Ember dashboard.").ConfigureAwait(false);
    }
}
