using Ember.Storage;
using Microsoft.Extensions.Hosting;

namespace Ember;

// Initializes the store when the host starts, so a wrong connection string fails the start with a clear error instead
// of the first enqueue, and points the static facades (BackgroundJob, RecurringJob) at the application's services.
internal sealed class EmberStartup(IJobStore store, IBackgroundJobClient client, IRecurringJobManager recurring) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        // Also set when the host was built; again here for hosts built without the HostBuilt event.
        BackgroundJob.Client = client;
        RecurringJob.Manager = recurring;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
