using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ember.Dashboard.Security;

/// <summary>
/// Decides who may see the dashboard: the configured filters, the configured policy, and the endpoints' own
/// authorization metadata, all evaluated here (so neither the middleware order nor an <c>AllowAnonymous</c> on the
/// endpoints can skip them). With none of them, only local requests: a dashboard mapped without thought must not be
/// open to the internet. And whatever they say, an anonymous request from another machine is refused unless
/// <see cref="DashboardOptions.AllowAnonymousRemoteRequests"/> says otherwise.
/// </summary>
internal sealed class DashboardAuthorization(DashboardOptions options, ILogger logger)
{
    private static readonly LocalRequestsOnlyAuthorizationFilter LocalOnly = new();
    private int _anonymousRefusalLogged;

    /// <summary>True when the request may go on; otherwise the response (401 or 403) has been started.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var local = await LocalOnly.AuthorizeAsync(context).ConfigureAwait(false);
        var endpointPolicy = await EndpointPolicyAsync(context).ConfigureAwait(false);
        if (options.Authorization.Count == 0 && options.AuthorizationPolicy is null && endpointPolicy is null)
        {
            if (local) return true;
            await DenyAsync(context, challenge: false, Messages.LocalOnly).ConfigureAwait(false);
            return false;
        }

        foreach (var filter in options.Authorization)
        {
            if (!await filter.AuthorizeAsync(context).ConfigureAwait(false))
            {
                await DenyAsync(context, challenge: false, Messages.LocalOnly).ConfigureAwait(false);
                return false;
            }
        }
        if (options.AuthorizationPolicy is { } policyName
            && !await EvaluateAsync(context, await PolicyAsync(context.RequestServices, policyName).ConfigureAwait(false)).ConfigureAwait(false))
            return false;
        if (endpointPolicy is not null && !await EvaluateAsync(context, endpointPolicy).ConfigureAwait(false))
            return false;

        if (local || options.AllowAnonymousRemoteRequests || context.User.Identities.Any(i => i.IsAuthenticated)) return true;
        if (options.Authorization.Count > 0 && Interlocked.Exchange(ref _anonymousRefusalLogged, 1) == 0)
            Log.AnonymousRemoteRequestRefused(logger, context.Connection.RemoteIpAddress?.ToString());
        await DenyAsync(context, challenge: true, Messages.AnonymousRemote).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// The policy named by <see cref="DashboardOptions.AuthorizationPolicy"/>. Called when the dashboard is mapped too,
    /// so that a misspelled name stops the application at start rather than failing the first request.
    /// </summary>
    /// <exception cref="InvalidOperationException">Authorization isn't set up, or no policy has this name.</exception>
    public static async Task<AuthorizationPolicy> PolicyAsync(IServiceProvider services, string policyName)
    {
        var provider = services.GetService<IAuthorizationPolicyProvider>()
            ?? throw new InvalidOperationException($"DashboardOptions.AuthorizationPolicy is \"{policyName}\", but authorization isn't set up: call builder.Services.AddAuthorization(o => o.AddPolicy(\"{policyName}\", ...)).");
        return await provider.GetPolicyAsync(policyName).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"DashboardOptions.AuthorizationPolicy names \"{policyName}\", but no such policy is registered: add it with builder.Services.AddAuthorization(o => o.AddPolicy(\"{policyName}\", ...)).");
    }

    /// <summary>
    /// What the endpoint's metadata asks for (<c>RequireAuthorization</c>, <c>[Authorize]</c>), as the authorization
    /// middleware would combine it, but with <c>AllowAnonymous</c> ignored: null when it asks for nothing.
    /// </summary>
    private static async Task<AuthorizationPolicy?> EndpointPolicyAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata is not { } metadata) return null;
        var authorizeData = metadata.GetOrderedMetadata<IAuthorizeData>();
        var policies = metadata.GetOrderedMetadata<AuthorizationPolicy>();
        var requirements = metadata.GetOrderedMetadata<IAuthorizationRequirementData>();
        if (authorizeData.Count == 0 && policies.Count == 0 && requirements.Count == 0) return null;
        var provider = context.RequestServices.GetService<IAuthorizationPolicyProvider>()
            ?? throw new InvalidOperationException("The dashboard's endpoints require authorization, but authorization isn't set up: call builder.Services.AddAuthorization().");
        var combined = await AuthorizationPolicy.CombineAsync(provider, authorizeData, policies).ConfigureAwait(false);
        if (requirements.Count == 0) return combined;
        var builder = new AuthorizationPolicyBuilder();
        if (combined is not null) builder.Combine(combined);
        foreach (var data in requirements) builder.AddRequirements([.. data.GetRequirements()]);
        return builder.Build();
    }

    private static async Task<bool> EvaluateAsync(HttpContext context, AuthorizationPolicy policy)
    {
        var evaluator = context.RequestServices.GetService<IPolicyEvaluator>()
            ?? throw new InvalidOperationException("The dashboard needs ASP.NET Core authorization: call builder.Services.AddAuthorization(...).");
        var authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
        var result = await evaluator.AuthorizeAsync(policy, authentication, context, resource: context).ConfigureAwait(false);
        if (result.Succeeded) return true;
        await DenyAsync(context, challenge: result.Challenged, Messages.LocalOnly).ConfigureAwait(false);
        return false;
    }

    /// <summary>401 (or the authentication scheme's challenge, e.g. a login redirect) for an anonymous user, 403 otherwise.</summary>
    private static async Task DenyAsync(HttpContext context, bool challenge, string anonymousMessage)
    {
        var anonymous = !context.User.Identities.Any(i => i.IsAuthenticated);
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
        await context.Response.WriteAsync(anonymous ? anonymousMessage : Messages.Forbidden).ConfigureAwait(false);
    }

    private static class Messages
    {
        public const string LocalOnly =
            "The Ember dashboard allows only local requests unless authorization is configured (see DashboardOptions.Authorization and AuthorizationPolicy).";

        public const string AnonymousRemote =
            "The Ember dashboard refuses anonymous requests from other machines: sign in first. If your DashboardOptions.Authorization filters " +
            "admit remote visitors by other means (an IP range, a VPN), set DashboardOptions.AllowAnonymousRemoteRequests = true.";

        public const string Forbidden = "You are not allowed to see the Ember dashboard.";
    }
}
