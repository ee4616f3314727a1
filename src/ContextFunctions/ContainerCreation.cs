using ContextStore.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContextFunctions;

/// <summary>
/// Creates the database and container when configured to (local runs), in the background and until it succeeds: a
/// worker that cannot reach Cosmos DB at start-up keeps running and answers 503, instead of exiting and being
/// restarted by the host over and over. In Azure, infra creates them and this does nothing.
/// </summary>
public sealed class ContainerCreation(ContextContainerInitializer initializer, ILogger<ContainerCreation> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await initializer.EnsureCreatedAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is CosmosException or HttpRequestException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Cosmos DB is not reachable to create the database and container; retrying in {Retry}", retry);
            }

            await Task.Delay(retry, stoppingToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }
}
