using ContextStore.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Cosmos;

/// <summary>
/// One point read of a session no account can have, sent as the host starts: the Cosmos DB client fetches the
/// account, the container and its partition ranges (and, in Azure, its Entra ID token) while the host is still
/// starting, instead of inside the first request. Best effort: a failure is logged and the first request retries.
/// </summary>
public sealed class CosmosWarmUp(
    ContextContainer context, ContextContainerCreation creation, IOptions<CosmosOptions> options, ILogger<CosmosWarmUp> logger)
    : BackgroundService
{
    /// <summary>Account ids are letters, digits and '-', so this key names no one's data.</summary>
    public static readonly SessionKey Key = new("__warm-up__", "__warm-up__", "__warm-up__");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUpAtStart)
        {
            return;
        }

        try
        {
            await creation.Created.WaitAsync(stoppingToken).ConfigureAwait(false);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            attempt.CancelAfter(options.Value.RequestTimeout);
            using var response = await context.Container.ReadItemStreamAsync(
                Key.SessionId, ContextContainer.SessionPartition(Key), cancellationToken: attempt.Token).ConfigureAwait(false);
            logger.LogDebug("Cosmos DB client warmed up: {Status}", response.StatusCode);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not warm up the Cosmos DB client at start; the first request will do it");
        }
    }
}
