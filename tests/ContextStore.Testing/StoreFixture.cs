using ContextStore.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContextStore.Testing;

/// <summary>The store's services on a fresh container of the local Cosmos server, with a clock the test moves.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreFixture(ServiceProvider services, FakeTimeProvider clock)
    {
        _services = services;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<StoreFixture> StartAsync(IDictionary<string, string?>? overrides = null)
    {
        var settings = LocalCosmos.FreshContainerSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddContextStore(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<ContextContainerInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return new StoreFixture(services, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Get<ContextContainer>().Container.DeleteContainerAsync();
        await _services.DisposeAsync();
    }
}
