using Microsoft.Extensions.Hosting;

namespace Ember;

// Runs an EmberServer for the host's lifetime.
internal sealed class EmberServerHostedService(EmberServer server) : IHostedService, IAsyncDisposable
{
    public EmberServer Server => server;

    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
