using System.Net;
using System.Net.Sockets;
using Ember.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ember.Dashboard.Tests.Support;

/// <summary>
/// An application with Ember on the in-memory store and the dashboard at /ember: in memory (TestServer) for endpoint
/// tests, or on Kestrel on a free loopback port for the browser, optionally with a real Ember server running jobs.
/// </summary>
public sealed class DashboardApp : IAsyncDisposable
{
    private DashboardApp(WebApplication app, string baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    /// <summary>The dashboard's absolute URL, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public IBackgroundJobClient Jobs => App.Services.GetRequiredService<IBackgroundJobClient>();

    public IRecurringJobManager Recurring => App.Services.GetRequiredService<IRecurringJobManager>();

    public IJobQueries Queries => App.Services.GetRequiredService<IJobStore>().Queries;

    public TestServer Server => App.GetTestServer();

    public sealed class Settings
    {
        public Action<DashboardOptions>? Configure { get; init; }
        public Action<DashboardOptions>? ConfigureServices { get; init; }
        public Action<IServiceCollection>? Services { get; init; }
        public Action<WebApplication>? Middleware { get; init; }
        public Action<IEndpointConventionBuilder>? Endpoints { get; init; }
        public string Prefix { get; init; } = "/ember";
        public bool Kestrel { get; init; }
        public bool RunServer { get; init; }
    }

    public static async Task<DashboardApp> StartAsync(Settings? settings = null)
    {
        settings ??= new Settings();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        int port = 0;
        if (settings.Kestrel)
        {
            port = FreePort();
            builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }
        builder.Services.AddEmber(ember =>
        {
            ember.UseInMemory();
            if (settings.RunServer)
                ember.AddServer(server =>
                {
                    server.WorkerCount = 4;
                    server.PollInterval = TimeSpan.FromMilliseconds(100);
                    server.SchedulePollingInterval = TimeSpan.FromMilliseconds(200);
                    server.ShutdownTimeout = TimeSpan.FromSeconds(2);
                    server.ServerName = "test-server";
                });
        });
        builder.Services.AddEmberDashboard(settings.ConfigureServices);
        settings.Services?.Invoke(builder.Services);
        var app = builder.Build();
        settings.Middleware?.Invoke(app);
        var endpoints = app.MapEmberDashboard(settings.Prefix, settings.Configure);
        settings.Endpoints?.Invoke(endpoints);
        await app.StartAsync();
        return new DashboardApp(app, settings.Kestrel ? $"http://127.0.0.1:{port}{settings.Prefix.TrimEnd('/')}" : "http://localhost" + settings.Prefix.TrimEnd('/'));
    }

    /// <summary>A cookie-keeping client for the dashboard (local requests).</summary>
    public DashboardClient Client() => new(Server.CreateClient(), BaseUrl);

    /// <summary>Sends a request that looks as if it came from another machine (signed in as <paramref name="user"/> for the tests' header scheme).</summary>
    public async Task<HttpContext> SendRemoteAsync(string path, string method = "GET", string? user = null)
    {
        return await Server.SendAsync(context =>
        {
            context.Request.Method = method;
            context.Request.Path = new Uri(BaseUrl + path).AbsolutePath;
            if (user is not null) context.Request.Headers["X-User"] = user;
            context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
            context.Connection.LocalIpAddress = IPAddress.Parse("10.0.0.2");
        });
    }

    /// <summary>A request that reached the app from loopback, as from a reverse proxy on this machine, with a header.</summary>
    public async Task<HttpContext> SendProxiedAsync(string path, string header, string value)
    {
        return await Server.SendAsync(context =>
        {
            context.Request.Path = new Uri(BaseUrl + path).AbsolutePath;
            context.Request.Headers[header] = value;
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            context.Connection.LocalIpAddress = IPAddress.Loopback;
        });
    }

    /// <summary>Waits until a job reaches a state, polling with a deadline.</summary>
    public async Task<JobInfo> WaitForStateAsync(string id, JobState state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var job = (await Queries.GetJobAsync(id))?.Job;
            if (job?.State == state) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} is {job?.State.ToString() ?? "gone"}, not {state}, after the deadline.");
            await Task.Delay(20);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
