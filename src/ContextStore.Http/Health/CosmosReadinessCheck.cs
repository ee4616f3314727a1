using ContextStore.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextStore.Http.Health;

/// <summary>Ready when Cosmos DB answers a read of the container's properties (the health check's timeout bounds the wait).</summary>
public sealed class CosmosReadinessCheck(ContextContainer container) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.Container.ReadContainerAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("Cosmos DB answered.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The description is served without an API key: the kind of failure only, never endpoint or account details.
            return HealthCheckResult.Unhealthy($"Cosmos DB did not answer ({e.GetType().Name}).");
        }
    }
}
