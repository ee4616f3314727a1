using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Sessions;
using ContextStore.Testing;

namespace ContextStore.IntegrationTests.Sessions;

/// <summary>Cosmos DB's own 413 for an item over 2 MB, reached with the store's own check set above it.</summary>
public sealed class ItemLimitStoreTests : IAsyncLifetime
{
    private static readonly SessionKey Key = new("le12345678", "bots", "s1");

    private StoreFixture? _store;

    private SessionProperties Properties => _store!.Get<SessionProperties>();

    public async Task InitializeAsync() =>
        _store = await StoreFixture.StartAsync(new Dictionary<string, string?> { ["Cosmos:MaxItemBytes"] = $"{3 * 1024 * 1024}" });

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [Fact]
    public async Task CosmosDbRefusingAnItemOverItsLimitIsDocumentTooLargeAndNothingIsSaved()
    {
        Assert.Equal(WriteStatus.Saved, (await Properties.SetAsync(Key, "small", JsonSerializer.SerializeToElement(1), null, default)).Status);

        // 720,000 characters pass the count; as UTF-8 they are 2.16 MB, over Cosmos DB's 2 MB item.
        var result = await Properties.SetAsync(Key, "big", JsonSerializer.SerializeToElement(new string('中', 720_000)), null, default);

        Assert.Equal(WriteStatus.DocumentTooLarge, result.Status);
        Assert.Equal("""{"small":1}""", (await Properties.GetAsync(Key, null, default)).Properties.Json);
    }
}
