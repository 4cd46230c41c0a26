// Ember quick start: an ASP.NET Core app that stores its jobs in a SQLite file and runs them in the background.
//   dotnet run --project samples/QuickStart                 runs until Ctrl+C; POST /jobs enqueues another job;
//                                                           the dashboard is at http://127.0.0.1:5080/ember, health at /health
//   dotnet run --project samples/QuickStart -- --urls http://127.0.0.1:5090    on another port
//   dotnet run --project samples/QuickStart -- --exit-when-done   exits once the demo jobs have finished (used by ./test.sh)
//   dotnet run --project samples/QuickStart -- --otel       also prints OpenTelemetry traces and metrics on the console
// It enqueues one job of each kind: fire-and-forget, on a priority queue, delayed, retried, a continuation chain and
// a recurring job, and logs every state change. Options (workers, queues, health thresholds) are in appsettings.json.
using Ember;
using QuickStart;

var exitWhenDone = args.Contains("--exit-when-done");
// Taken out before the configuration reads the command line, which would take the next argument as its value.
args = [.. args.Where(a => a != "--exit-when-done")];
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
// A failed start is reported once: a port in use by Startup, anything else by the exception that ends the program.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
var defaultUrl = exitWhenDone ? "http://127.0.0.1:0" : "http://127.0.0.1:5080";
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? defaultUrl);

var ember = builder.Configuration.GetSection("Ember");
builder.Services.AddTransient<EmailSender>();
builder.Services.AddEmber(ember, e => e
    .UseSqlite($"Data Source={Path.Combine(AppContext.BaseDirectory, "quickstart.db")}")
    .AddServer()); // workers and queues from appsettings.json, "Ember:Server"
builder.Services.AddEmberDashboard(ember.GetSection("Dashboard")); // local requests only unless you configure authorization
builder.Services.AddHealthChecks().AddEmber(ember.GetSection("HealthCheck").Bind);
if (args.Contains("--otel")) Telemetry.AddConsoleExport(builder.Services); // docs/observability.md

var app = builder.Build();
app.MapGet("/", () => "Ember quick start. POST /jobs?to=someone@example.com enqueues a welcome email; the dashboard is at /ember.");
app.MapEmberDashboard("/ember");
app.MapHealthChecks("/health");
app.MapPost("/jobs", async (IBackgroundJobClient jobs, string? to) =>
    Results.Ok(new { id = await jobs.EnqueueAsync<EmailSender>(x => x.SendWelcomeAsync(to ?? "you@example.com", CancellationToken.None)) }));

if (!await Startup.TryStartAsync(app, builder.Configuration["urls"] ?? defaultUrl)) return 2;
app.Logger.LogInformation("Listening on {Urls}", string.Join(", ", app.Urls));
app.Logger.LogInformation("Dashboard: {Url}", string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + "/ember")));

var client = app.Services.GetRequiredService<IBackgroundJobClient>();
var recurring = app.Services.GetRequiredService<IRecurringJobManager>();

// Recurring: every 5 seconds (6 fields: seconds first), fired once per tick however many servers run.
await recurring.AddOrUpdateAsync("heartbeat-report", Job.FromExpression(() => Reports.Build("heartbeat")), "*/5 * * * * *");

// The demo's jobs are enqueued in one trace; with --otel their runs show up in it, retries included.
var demoTrace = Telemetry.Source.StartActivity("quick start demo");

// A continuation chain: each step starts when the previous one succeeds.
var order = await client.EnqueueAsync(() => Orders.Step("order 42", "charge card"));
var shipped = await client.ContinueJobWithAsync(order, () => Orders.Step("order 42", "ship parcel"));
var notified = await client.ContinueJobWithAsync<EmailSender>(shipped, x => x.SendWelcomeAsync("customer@example.com", CancellationToken.None));

string[] demo =
[
    order, shipped, notified,
    // Fire-and-forget: runs at once on a background worker, awaited for real (no thread blocked while it awaits).
    await client.EnqueueAsync<EmailSender>(x => x.SendWelcomeAsync("ada@example.com", CancellationToken.None)),
    // On a named queue, taken first because the server lists "critical" first.
    await client.EnqueueAsync<EmailSender>("critical", x => x.SendWelcomeAsync("grace@example.com", CancellationToken.None)),
    // Delayed: enqueued 3 seconds from now.
    await client.ScheduleAsync(() => Reports.Build("daily"), TimeSpan.FromSeconds(3)),
    // Fails twice, then succeeds on its third attempt (see [AutomaticRetry] on the method).
    await client.EnqueueAsync(() => FlakyService.CallAsync("inventory")),
];
demoTrace?.Dispose();

if (exitWhenDone)
{
    var finished = await DemoWatcher.WaitForAllAsync(app.Services, demo, "heartbeat-report", TimeSpan.FromSeconds(60))
        && await DemoWatcher.IsHealthyAsync(app.Urls.First());
    await app.StopAsync();
    return finished ? 0 : 1;
}

await app.WaitForShutdownAsync();
return 0;
