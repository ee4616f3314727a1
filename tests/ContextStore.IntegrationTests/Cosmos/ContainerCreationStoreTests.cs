using System.Net;
using System.Text;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;

namespace ContextStore.IntegrationTests.Cosmos;

/// <summary>The container as the app creates it when configured to (local runs): with Cosmos DB's own TTL on.</summary>
public class ContainerCreationStoreTests : StoreTestBase
{
    [Fact]
    public async Task TheCreatedContainerHasCosmosDbsOwnTtlOnWithNoDefault()
    {
        var properties = (await Store.Get<ContextContainer>().Container.ReadContainerAsync()).Resource;

        Assert.Equal(-1, properties.DefaultTimeToLive);
    }

    [Fact]
    public async Task AContainerCreatedBeforeNativeTtlHasItTurnedOnAndKeepsItsItems()
    {
        var container = Store.Get<ContextContainer>().Container;
        var old = ContextContainer.Properties(container.Id + "-old");
        old.DefaultTimeToLive = null;
        var created = (await container.Database.CreateContainerAsync(old)).Container;
        try
        {
            var key = new SessionKey(Account, "bots", "s1");
            using (var content = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"id":"session","kind":"session","accountId":"{{Account}}","namespace":"bots","sessionId":"s1"}""")))
            using (var response = await created.CreateItemStreamAsync(content, ContextContainer.SessionPartition(key)))
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            await using var app = Store.AnotherInstance(overrides: new Dictionary<string, string?> { ["Cosmos:Container"] = created.Id });
            await app.Get<ContextContainerInitializer>().EnsureCreatedAsync(CancellationToken.None);

            Assert.Equal(-1, (await created.ReadContainerAsync()).Resource.DefaultTimeToLive);
            using var read = await created.ReadItemStreamAsync("session", ContextContainer.SessionPartition(key));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        finally
        {
            await created.DeleteContainerAsync();
        }
    }
}
