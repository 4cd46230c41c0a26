using Ember.Invocations;
using Microsoft.Extensions.DependencyInjection;

namespace Ember;

/// <summary>
/// Hangfire's entry point to the store for monitoring: <c>JobStorage.Current.GetMonitoringApi()</c>. Here a thin handle
/// on an <see cref="Storage.IJobStore"/>; <see cref="Current"/> is the store of the last host built with <c>AddEmber</c>.
/// In code with DI, inject <see cref="Storage.IJobStore"/> and read <see cref="Storage.IJobClientStore.Queries"/> instead.
/// </summary>
public sealed class JobStorage
{
    private static JobStorage? _current;
    private readonly EmberOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Wraps <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">Shared options (for reading job arguments); defaults when null.</param>
    /// <param name="timeProvider">The clock for the hourly and daily counts; the system clock when null.</param>
    public JobStorage(Storage.IJobStore store, EmberOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _options = options ?? new EmberOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The store of the application: set here, or else that of the last host built with <c>AddEmber</c>.</summary>
    /// <exception cref="InvalidOperationException">When no host with Ember has been built and none was set; the message says what to do.</exception>
    public static JobStorage Current
    {
        get => _current ?? (StaticFacadeServices.Current is { } services ? FromServices(services) : null)
            ?? throw new InvalidOperationException(StaticFacadeServices.Missing(nameof(JobStorage), nameof(Current), "new JobStorage(store)"));
        set => _current = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The store.</summary>
    public Storage.IJobStore Store { get; }

    /// <summary>Hangfire's monitoring API over the store's read side: statistics, jobs by state, job details, queues, servers, recurring jobs.</summary>
    public Storage.IMonitoringApi GetMonitoringApi() => new Storage.MonitoringApi(Store, new InvocationBinder(_options.SerializerOptions), _time);

    // A newly built host's store takes over from one set before.
    internal static void Reset() => _current = null;

    private static JobStorage FromServices(IServiceProvider services) => new(
        services.GetRequiredService<Storage.IJobStore>(), services.GetService<EmberOptions>(), services.GetService<TimeProvider>());
}
