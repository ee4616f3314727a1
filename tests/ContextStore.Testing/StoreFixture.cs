using ContextStore.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContextStore.Testing;

/// <summary>The store's services on a fresh container of the local Cosmos server, with a clock the test moves.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsContainer;

    private StoreFixture(ServiceProvider services, Dictionary<string, string?> settings, FakeTimeProvider clock, bool ownsContainer)
    {
        _services = services;
        _settings = settings;
        Clock = clock;
        _ownsContainer = ownsContainer;
    }

    /// <summary>The store's clock, unless the instance was opened on another (<see cref="AnotherInstanceAsync"/>).</summary>
    public FakeTimeProvider Clock { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<StoreFixture> StartAsync(IDictionary<string, string?>? overrides = null)
    {
        var settings = LocalCosmos.FreshContainerSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var fixture = Open(settings, clock: null, ownsContainer: true);
        await fixture.Get<ContextContainerInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>
    /// The store again on this fixture's container, as another instance of the service or this one after a restart
    /// would have it: its own Cosmos DB client, caches and clock (<paramref name="clock"/>, or a new controlled one);
    /// only what is in Cosmos DB is shared. Disposing it leaves the container.
    /// </summary>
    public StoreFixture AnotherInstance(TimeProvider? clock = null, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return Open(settings, clock, ownsContainer: false);
    }

    private static StoreFixture Open(Dictionary<string, string?> settings, TimeProvider? clock, bool ownsContainer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var controlled = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(clock ?? controlled)
            .AddContextStore(configuration)
            .BuildServiceProvider();
        return new StoreFixture(services, settings, controlled, ownsContainer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsContainer)
        {
            await Get<ContextContainer>().Container.DeleteContainerAsync();
        }

        await _services.DisposeAsync();
    }
}
