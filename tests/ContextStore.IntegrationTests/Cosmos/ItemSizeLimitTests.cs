using System.Net;
using ContextStore.Contract;
using ContextStore.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ContextStore.IntegrationTests.Cosmos;

/// <summary>
/// Cosmos DB refuses an item over 2 MB with 413 RequestEntityTooLarge; the local Cosmos server does the same
/// (tools/cosmos-local, correction 12), so the store's handling of that answer can be tested here.
/// </summary>
public class ItemSizeLimitTests : StoreTestBase
{
    private const int MaxItemBytes = 2 * 1024 * 1024;

    private static readonly SessionKey Key = new(Account, "bots", "big");

    private Container Container => Store.Get<ContextContainer>().Container;

    [Fact]
    public async Task CreatingAnItemOverTwoMegabytesThrowsCosmosException413AndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            Container.CreateItemAsync(Item(MaxItemBytes + 1024), ContextContainer.SessionPartition(Key)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
        Assert.Equal(0, error.SubStatusCode);
        Assert.Contains("Request size is too large", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, await ReadStatusAsync());
    }

    [Fact]
    public async Task ReplacingOrUpsertingWithAnItemOverTwoMegabytesThrows413AndKeepsTheStoredItem()
    {
        await Container.CreateItemAsync(Item(100), ContextContainer.SessionPartition(Key));

        var replace = await Assert.ThrowsAsync<CosmosException>(() =>
            Container.ReplaceItemAsync(Item(MaxItemBytes + 1024), Key.SessionId, ContextContainer.SessionPartition(Key)));
        var upsert = await Assert.ThrowsAsync<CosmosException>(() =>
            Container.UpsertItemAsync(Item(MaxItemBytes + 1024), ContextContainer.SessionPartition(Key)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, replace.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upsert.StatusCode);
        var stored = await Container.ReadItemAsync<Dictionary<string, object>>(Key.SessionId, ContextContainer.SessionPartition(Key));
        Assert.Equal(100, stored.Resource["filler"].ToString()!.Length);
    }

    [Fact]
    public async Task AnItemJustUnderTwoMegabytesIsStored()
    {
        var created = await Container.CreateItemAsync(Item(MaxItemBytes - 1024), ContextContainer.SessionPartition(Key));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadStatusAsync());
    }

    /// <summary>An item of the container's shape whose ASCII filler is <paramref name="fillerLength"/> characters.</summary>
    private static Dictionary<string, object> Item(int fillerLength) => new()
    {
        ["id"] = Key.SessionId,
        ["accountId"] = Key.AccountId,
        ["namespace"] = Key.Namespace,
        ["sessionId"] = Key.SessionId,
        ["filler"] = new string('x', fillerLength),
    };

    private async Task<HttpStatusCode> ReadStatusAsync()
    {
        using var response = await Container.ReadItemStreamAsync(Key.SessionId, ContextContainer.SessionPartition(Key));
        return response.StatusCode;
    }
}
