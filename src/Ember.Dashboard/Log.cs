using Microsoft.Extensions.Logging;

namespace Ember.Dashboard;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Dashboard operation '{Description}' failed")]
    public static partial void BulkOperationFailed(ILogger logger, Exception exception, string description);

    [LoggerMessage(2, LogLevel.Information, "Dashboard operation '{Description}' started from {RemoteAddress}")]
    public static partial void BulkOperationStarted(ILogger logger, string description, string? remoteAddress);

    [LoggerMessage(3, LogLevel.Warning, "Dashboard POST refused: {Reason}")]
    public static partial void ActionRefused(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Dashboard refused an anonymous request from {RemoteAddress} that its authorization filters allowed: a remote visitor must be signed in unless DashboardOptions.AllowAnonymousRemoteRequests is true (logged once)")]
    public static partial void AnonymousRemoteRequestRefused(ILogger logger, string? remoteAddress);

    [LoggerMessage(5, LogLevel.Warning, "The dashboard could not read the statistics for the live graph; it tries again at each interval (logged once until it works again)")]
    public static partial void StatisticsSampleFailed(ILogger logger, Exception exception);
}
