using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember;

/// <summary>
/// The services the static facades (<see cref="BackgroundJob"/>, <see cref="RecurringJob"/>, <see cref="JobStorage"/>)
/// resolve from: those of the last host built with Ember. Hangfire applications enqueue and register recurring jobs in
/// Program.cs between <c>Build()</c> and <c>Run()</c>, before any hosted service starts, so waiting for the start
/// (as <see cref="EmberStartup"/> does too) is too late. The host announces itself when built through the
/// "Microsoft.Extensions.Hosting" diagnostic listener's "HostBuilt" event, the hook test hosts and EF tools use.
/// </summary>
internal static class StaticFacadeServices
{
    private const string HostingListener = "Microsoft.Extensions.Hosting";
    private static int _listening;

    /// <summary>The services of the last host built (or started) with Ember; null before there is one.</summary>
    public static IServiceProvider? Current { get; private set; }

    /// <summary>The message of the error the facades throw when no host exists yet.</summary>
    public static string Missing(string facade, string property, string manual) =>
        $"{facade}.{property} is not set: no host with Ember has been built yet. Register Ember with builder.Services.AddEmber(...) and call {facade} after builder.Build() (before or after app.Run()), or, without a host, set {facade}.{property} = {manual}.";

    /// <summary>Starts watching for built hosts, once per process.</summary>
    public static void ListenForHosts()
    {
        if (Interlocked.Exchange(ref _listening, 1) == 1) return;
        DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == HostingListener)
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                {
                    if (e is { Key: "HostBuilt", Value: IHost host }) Use(host.Services);
                }));
        }));
    }

    /// <summary>Points the facades at <paramref name="services"/> if Ember is registered there.</summary>
    public static void Use(IServiceProvider services)
    {
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(IBackgroundJobClient)) == false) return;
        Current = services;
        BackgroundJob.Reset();
        BatchJob.Reset();
        RecurringJob.Reset();
        JobStorage.Reset();
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
