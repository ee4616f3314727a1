using ContextStore.Cosmos;

namespace ContextServer;

/// <summary>Creates the Cosmos DB database and container before the server takes requests, when configured to.</summary>
public sealed class ContainerStartup(ContextContainerInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
