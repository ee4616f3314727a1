using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Cosmos;

/// <summary>Creates the database and container when <see cref="CosmosOptions.CreateIfNotExists"/> is set (local runs).</summary>
public sealed class ContextContainerInitializer(CosmosClient client, IOptions<CosmosOptions> options, ILogger<ContextContainerInitializer> logger)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.CreateIfNotExists)
        {
            return;
        }

        var database = await client.CreateDatabaseIfNotExistsAsync(settings.Database, cancellationToken: cancellationToken);
        var container = await database.Database.CreateContainerIfNotExistsAsync(
            ContextContainer.Properties(settings.Container), cancellationToken: cancellationToken);
        if (container.Resource.DefaultTimeToLive is null)
        {
            // A container created before sessions carried Cosmos DB's ttl: turn its TTL on, which keeps every item.
            container.Resource.DefaultTimeToLive = ContextContainer.DefaultTimeToLive;
            await container.Container.ReplaceContainerAsync(container.Resource, cancellationToken: cancellationToken);
            logger.LogInformation("Turned on Cosmos DB's TTL (defaultTtl -1) of the existing container {Container}", settings.Container);
        }

        logger.LogInformation("Cosmos DB database {Database} and container {Container} are ready", settings.Database, settings.Container);
    }
}
