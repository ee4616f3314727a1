using ContextStore;
using ContextStore.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContextBench;

/// <summary>
/// The store's services (as both hosts register them) on a container of their own, with a Cosmos client whose requests
/// are counted: for the sweep and N3, which are measured on their own data.
/// </summary>
public sealed class BenchStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BenchStore(ServiceProvider services, CosmosRequestCounter counter)
    {
        _services = services;
        Counter = counter;
    }

    public CosmosRequestCounter Counter { get; }

    public Container Container => Get<ContextContainer>().Container;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="settings">Store and sweep settings beside the bench's Cosmos DB endpoint and a new container.</param>
    public static async Task<BenchStore> StartAsync(CosmosOptions cosmos, string container, IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = cosmos.Endpoint,
            ["Cosmos:Key"] = cosmos.Key,
            ["Cosmos:Database"] = cosmos.Database,
            ["Cosmos:Container"] = container,
            ["Cosmos:CreateIfNotExists"] = "true",
            // The local server answers a query by scanning every document of its scope; at 100,000 that can take longer
            // than the API's 10 s request timeout on a busy machine, where Cosmos DB answers from its indexes.
            ["Cosmos:RequestTimeout"] = "00:02:00",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var counter = new CosmosRequestCounter();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<RequestHandler>(counter)
            .AddContextStore(new ConfigurationBuilder().AddInMemoryCollection(all).Build())
            .BuildServiceProvider();
        await services.GetRequiredService<ContextContainerInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return new BenchStore(services, counter);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Container.DeleteContainerAsync();
        }
        catch (CosmosException)
        {
            // Gone already.
        }

        await _services.DisposeAsync();
    }
}
