using ContextStore.ApiKeys;
using ContextStore.Cosmos;
using ContextStore.Expiry;
using ContextStore.Namespaces;
using ContextStore.Sessions;
using ContextStore.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContextStore;

public static class DependencyInjection
{
    /// <summary>The store: Cosmos DB client and container, the operations of the contract, the sweeper and the key store.</summary>
    public static IServiceCollection AddContextStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<CosmosOptions>(configuration, CosmosOptions.Section);
        services.AddSettings<StoreOptions>(configuration, StoreOptions.Section);
        services.AddSettings<SweepLimits>(configuration, SweepLimits.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ContextMetrics>();

        // Request units, 429s, timeouts and slow calls of every Cosmos DB call (docs/operations.md, "Signals").
        services.AddSingleton<RequestHandler, CosmosRequestSignals>();
        services.TryAddSingleton(sp => CosmosClientFactory.Create(
            sp.GetRequiredService<IOptions<CosmosOptions>>().Value, sp.GetServices<RequestHandler>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            return new ContextContainer(sp.GetRequiredService<CosmosClient>().GetContainer(options.Database, options.Container));
        });
        services.AddSingleton<ContextContainerInitializer>();
        services.AddSingleton<CosmosJson>();
        services.AddSingleton<CosmosContextRepository>();

        services.AddSingleton<NamespaceStateCache>();
        services.AddSingleton<CurrentSessionReader>();
        services.AddSingleton<NamespaceRegistry>();
        services.AddSingleton<SessionWriteQueues>();
        services.AddSingleton<SessionWriter>();
        services.AddSingleton<SessionProperties>();
        services.AddSingleton<SessionListing>();
        services.AddSingleton<SessionTtls>();
        services.AddSingleton<NamespaceRemoval>();
        services.AddSingleton<ExpiredSessionSweeper>();

        // Azure: keys in Key Vault when KeyVault:Uri is set; local runs: keys in configuration (ApiKeys:{accountId}).
        if (!string.IsNullOrWhiteSpace(configuration[$"{KeyVaultOptions.Section}:{nameof(KeyVaultOptions.Uri)}"]))
        {
            services.AddSettings<KeyVaultOptions>(configuration, KeyVaultOptions.Section);
            services.TryAddSingleton(sp => KeyVaultSecretClientFactory.Create(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value));
            services.TryAddSingleton<IApiKeyStore, KeyVaultApiKeyStore>();
        }
        else
        {
            services.TryAddSingleton<IApiKeyStore, ConfigurationApiKeyStore>();
        }

        return services;
    }

    /// <summary>
    /// The database and container created in the background when <see cref="CosmosOptions.CreateIfNotExists"/> is set,
    /// the same way in both hosts; requests wait for it through <see cref="ContextContainerCreation"/>. Then one read
    /// warms the Cosmos DB client up (<see cref="CosmosWarmUp"/>).
    /// </summary>
    public static IServiceCollection AddContextContainerCreation(this IServiceCollection services)
    {
        services.TryAddSingleton<ContextContainerCreation>();
        services.AddHostedService(sp => sp.GetRequiredService<ContextContainerCreation>());
        services.AddHostedService<CosmosWarmUp>();
        return services;
    }
}
