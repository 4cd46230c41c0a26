using Ember;
using Ember.HealthChecks;
using Ember.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Ember's health check to <c>services.AddHealthChecks()</c>.</summary>
public static class EmberHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of Ember: the store answers within <see cref="EmberHealthCheckOptions.Timeout"/>, every
    /// running server of this process is heartbeating, and the optional thresholds (queue depth, the oldest Enqueued
    /// job's wait, failed jobs in the last hour) hold. Its description names each figure out of bounds.
    /// </summary>
    /// <example><code>
    /// builder.Services.AddHealthChecks().AddEmber(o => o.UnhealthyEnqueuedAge = TimeSpan.FromMinutes(5));
    /// app.MapHealthChecks("/health");
    /// </code></example>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Sets the <see cref="EmberHealthCheckOptions"/>, if any (they also bind as named options: <c>services.Configure&lt;EmberHealthCheckOptions&gt;(name, ...)</c>).</param>
    /// <param name="name">The check's name. Default <c>"ember"</c>.</param>
    /// <param name="failureStatus">What a failed check reports. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>["ready"]</c>.</param>
    public static IHealthChecksBuilder AddEmber(this IHealthChecksBuilder builder, Action<EmberHealthCheckOptions>? configure = null,
        string name = "ember", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddOptions<EmberHealthCheckOptions>(name);
        if (configure is not null) options.Configure(configure);
        options.ValidateWith(o => o.Validate());
        return builder.Add(new HealthCheckRegistration(name, services => new EmberHealthCheck(
            services.GetRequiredService<IJobStore>(),
            // The servers AddServer registered: the host's own instances, since hosted services are singletons.
            services.GetServices<IHostedService>().OfType<EmberServerHostedService>().Select(hosted => hosted.Server).ToArray(),
            services.GetRequiredService<IOptionsMonitor<EmberHealthCheckOptions>>().Get(name),
            services.GetService<TimeProvider>() ?? TimeProvider.System), failureStatus, tags));
    }
}
