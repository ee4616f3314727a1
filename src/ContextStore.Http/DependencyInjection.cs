using ContextStore.Http.Handlers.Listing;
using ContextStore.Http.Handlers.NamespaceProperties;
using ContextStore.Http.Handlers.Namespaces;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Handlers.SessionTtls;
using ContextStore.Http.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContextStore.Http;

public static class DependencyInjection
{
    /// <summary>
    /// The store, the creation of its container in the background (which requests wait for), and one handler per
    /// operation of the contract, for either host.
    /// </summary>
    public static IServiceCollection AddContextApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddContextStore(configuration);
        services.AddContextContainerCreation();
        services.AddSettings<AccountConcurrencyOptions>(configuration, AccountConcurrencyOptions.Section);
        services.AddSingleton<AccountConcurrencyLimiter>();
        services.AddSingleton<RequestPipeline>();

        services.AddSingleton<CreateNamespace>();
        services.AddSingleton<ListNamespaces>();
        services.AddSingleton<DeleteNamespace>();

        services.AddSingleton<SetNamespaceProperties>();
        services.AddSingleton<SetNamespaceProperty>();
        services.AddSingleton<GetNamespaceProperties>();
        services.AddSingleton<GetNamespaceProperty>();
        services.AddSingleton<DeleteNamespaceProperty>();

        services.AddSingleton<SetSessionProperties>();
        services.AddSingleton<SetSessionProperty>();
        services.AddSingleton<GetSessionProperties>();
        services.AddSingleton<GetSessionProperty>();
        services.AddSingleton<DeleteSessionProperty>();
        services.AddSingleton<DeleteSessionProperties>();

        services.AddSingleton<ListSessionIds>();
        services.AddSingleton<ListSessionsWithProperties>();

        services.AddSingleton<SetSessionTtl>();
        services.AddSingleton<ListSessionTtls>();
        services.AddSingleton<DeleteSession>();
        return services;
    }
}
