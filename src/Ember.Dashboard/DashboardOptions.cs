namespace Ember.Dashboard;

/// <summary>
/// Options of the dashboard, set in <c>services.AddEmberDashboard(options => ...)</c> for every mapping or in
/// <c>app.MapEmberDashboard("/ember", options => ...)</c> for one.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>The title shown in the header and the browser tab. Default: <c>"Ember"</c>.</summary>
    public string Title { get; set; } = "Ember";

    /// <summary>
    /// Read-only: no action buttons, and every action (POST) is refused with 403. Default: false.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Filters that must all allow a request. Default: none, which means only local (loopback) requests are allowed,
    /// unless <see cref="AuthorizationPolicy"/> is set or the endpoints carry authorization metadata
    /// (<c>MapEmberDashboard(...).RequireAuthorization(...)</c>): saying how to authorize replaces the local-only rule.
    /// Add <see cref="LocalRequestsOnlyAuthorizationFilter"/> yourself to keep it beside your own filters. A filter that
    /// admits anonymous visitors from other machines (by IP range, VPN, a shared header) also needs
    /// <see cref="AllowAnonymousRemoteRequests"/>.
    /// </summary>
    public IList<IDashboardAuthorizationFilter> Authorization { get; set; } = [];

    /// <summary>
    /// The name of an ASP.NET Core authorization policy every request must satisfy (evaluated by the dashboard, so it
    /// needs <c>services.AddAuthorization(...)</c> but no middleware order). Checked when the dashboard is mapped: a
    /// name that no policy has stops the application at start. Default: null.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Whether a request from another machine may see the dashboard without a signed-in user, when the
    /// <see cref="Authorization"/> filters (or the policy) allow it. Default: false, so that whatever the filters, the
    /// policy and the endpoint metadata say (<c>[AllowAnonymous]</c>, <c>.AllowAnonymous()</c> included), an anonymous
    /// remote request is refused with 401 (or the authentication's challenge). Set it to true only when your filters
    /// admit remote visitors by something else than a sign-in, such as an IP range. With no authorization configured
    /// at all, the dashboard stays local-only whatever this says.
    /// </summary>
    public bool AllowAnonymousRemoteRequests { get; set; }

    /// <summary>How often an open overview polls the store's statistics for the live graph. Default: 2 seconds.</summary>
    public TimeSpan StatsPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The "back to site" link in the header; null hides it. Default: <c>"/"</c>.</summary>
    public string? AppPath { get; set; } = "/";

    /// <summary>Jobs per page in lists. Default: 20; a visitor can pick 10 to 500.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>
    /// Jobs handled per store call by an action on a whole filtered list, which runs in the background: a page read,
    /// then one batched change. Default: 1,000.
    /// </summary>
    public int BulkBatchSize { get; set; } = 1_000;

    /// <summary>Copies these options, so that one mapping's changes don't leak into another's.</summary>
    internal DashboardOptions Clone() => new()
    {
        Title = Title,
        ReadOnly = ReadOnly,
        Authorization = [.. Authorization],
        AuthorizationPolicy = AuthorizationPolicy,
        AllowAnonymousRemoteRequests = AllowAnonymousRemoteRequests,
        StatsPollingInterval = StatsPollingInterval,
        AppPath = AppPath,
        PageSize = PageSize,
        BulkBatchSize = BulkBatchSize,
    };

    /// <summary>Checks every option; the message names the option and how to fix it.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Title))
            throw new InvalidOperationException("DashboardOptions.Title must not be empty.");
        if (StatsPollingInterval < TimeSpan.FromMilliseconds(250) || StatsPollingInterval > TimeSpan.FromMinutes(5))
            throw new InvalidOperationException($"DashboardOptions.StatsPollingInterval must be between 250 ms and 5 minutes; it is {StatsPollingInterval}.");
        if (PageSize is < 1 or > 500)
            throw new InvalidOperationException($"DashboardOptions.PageSize must be between 1 and 500; it is {PageSize}.");
        if (BulkBatchSize is < 1 or > 10_000)
            throw new InvalidOperationException($"DashboardOptions.BulkBatchSize must be between 1 and 10,000; it is {BulkBatchSize}.");
        if (Authorization is null || Authorization.Any(f => f is null))
            throw new InvalidOperationException("DashboardOptions.Authorization must not be null or hold null filters.");
    }
}
