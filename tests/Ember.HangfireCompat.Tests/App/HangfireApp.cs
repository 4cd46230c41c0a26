using Ember;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember.HangfireCompat.Tests.App;

// Hangfire: services.AddHangfire(c => c.UseSqlServerStorage(...)); services.AddHangfireServer(o => ...).
// Ember: the registration below, on the in-memory store; everything else in App/ is Hangfire's code as is.
public static class HangfireApp
{
    public static IHost Build(bool server = true) => Host.CreateDefaultBuilder()
        .ConfigureServices(services => services
            .AddTransient<IEmailSender, EmailSender>()
            .AddEmber(ember =>
            {
                ember.UseInMemory();
                if (server)
                    ember.AddServer(options =>
                    {
                        options.WorkerCount = 4;
                        options.Queues = ["critical", "default"];
                        options.PollInterval = TimeSpan.FromMilliseconds(50);
                        options.SchedulePollingInterval = TimeSpan.FromMilliseconds(100);
                    });
            }))
        .Build();
}
