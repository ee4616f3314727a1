using ContextStore.Http.Operations;
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
        services.AddSettings<AccountRateLimitOptions>(configuration, AccountRateLimitOptions.Section);
        services.AddSingleton<AccountRateLimiter>();
        services.AddSingleton<OperationSignals>();
        services.AddSingleton<RequestPipeline>();

        foreach (var operation in ContextOperations.All)
        {
            services.AddSingleton(operation.Handler);
        }

        return services;
    }
}
