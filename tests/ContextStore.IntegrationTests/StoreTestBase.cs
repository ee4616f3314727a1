using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Json;
using ContextStore.Namespaces;
using ContextStore.Sessions;
using ContextStore.Testing;

namespace ContextStore.IntegrationTests;

/// <summary>Each test gets the store on its own fresh container of the local Cosmos server.</summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    protected const string Account = "le12345678";

    private StoreFixture? _store;

    protected StoreFixture Store => _store ?? throw new InvalidOperationException("The store is not started.");

    protected SessionProperties Properties => Store.Get<SessionProperties>();

    protected NamespaceRegistry Namespaces => Store.Get<NamespaceRegistry>();

    protected SessionTtls Ttls => Store.Get<SessionTtls>();

    protected SessionListing Listing => Store.Get<SessionListing>();

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Settings of this class's store beside those of a fresh container.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => _store = await StartStoreAsync();

    /// <summary>The store of one test: on a fresh container of the shared local Cosmos server, unless a class says otherwise.</summary>
    protected virtual Task<StoreFixture> StartStoreAsync() => StoreFixture.StartAsync(Settings);

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected static SessionKey Session(string ns, string sessionId) => new(Account, ns, sessionId);

    protected static Dictionary<string, JsonElement> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    protected static JsonElement Value(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The properties' stored text with its members in name order, to compare regardless of write order.</summary>
    protected static string Compact(StoredProperties properties) =>
        StoredProperties.FromValues(properties.Values.OrderBy(p => p.Key, StringComparer.Ordinal)).Json;

    protected async Task<string> ReadAsync(SessionKey key) => Compact((await Properties.GetAsync(key, null, None)).Properties);

    protected async Task WriteAsync(SessionKey key, string json) =>
        Assert.Equal(WriteStatus.Saved, (await Properties.MergeAsync(key, Json(json), null, None)).Status);
}
