using System.Net;
using System.Text;
using ContextServer.EndToEndTests;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The sweep's timer function for real, invoked as its schedule would: it removes what Cosmos DB's own TTL does not
/// (documents from before native TTL, the sessions of deleted namespaces) and gives old TTL records their expiry.
/// </summary>
public sealed class SweepExpiredSessionsTests(FunctionsApp app, ContextServerForClass contextServer)
    : EndToEndTestBase(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());

    [Fact]
    public async Task ExpiredSessionsThatCosmosDbsTtlDoesNotCoverAreGoneAfterTheSweepAndLiveOnesStay()
    {
        using var cosmos = TestCosmosClient.Create();
        var container = await app.CreatedContainerAsync(cosmos);
        var expired = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        foreach (var session in new[] { "s1", "s2", "s3" })
        {
            // As stored before sessions carried Cosmos DB's ttl: nothing but the sweep removes them.
            await SeedAsync(container, $$"""{"id":"session","kind":"session","accountId":"{{Server.AccountA}}","namespace":"brief","sessionId":"{{session}}","properties":"{\"a\":1}","propertyCount":1,"propertiesLength":7,"lastWriteAt":0,"expiresAt":{{expired}}}""");
        }

        await AssertNoContent(Post(A + "?ttlSecond=3600", """{"name":"lasting"}"""));
        await AssertNoContent(Patch(A + "/lasting/s2/properties", """{"a":1}"""));
        Assert.Equal(["s1", "s2", "s3"], await StoredSessionIdsAsync(container, "brief"));

        await app.Emulator.InvokeTimerAsync("SweepExpiredSessions");

        Assert.Empty(await StoredSessionIdsAsync(container, "brief"));
        Assert.Equal(["s2"], await StoredSessionIdsAsync(container, "lasting"));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/lasting/s2/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task TheSessionsOfADeletedNamespaceAreGoneFromCosmosAfterTheSweep()
    {
        using var cosmos = TestCosmosClient.Create();
        var container = await app.CreatedContainerAsync(cosmos);
        foreach (var session in new[] { "s1", "s2", "s3" })
        {
            await AssertNoContent(Patch($"{A}/dropped/{session}/properties", """{"a":1}"""));
        }

        await AssertNoContent(Delete(A + "/dropped"));
        Assert.Equal("[]", await AssertJson(Get(A + "/dropped/session-ids"), HttpStatusCode.OK));
        Assert.Equal(["s1", "s2", "s3"], await StoredSessionIdsAsync(container, "dropped"));

        await app.Emulator.InvokeTimerAsync("SweepExpiredSessions");

        Assert.Empty(await StoredSessionIdsAsync(container, "dropped"));
    }

    [Fact]
    public async Task ATtlRecordFromBeforeNativeTtlGetsItsExpiryFromTheSweep()
    {
        using var cosmos = TestCosmosClient.Create();
        var container = await app.CreatedContainerAsync(cosmos);
        var seededAt = await SeedAsync(container, $$"""{"id":"session","kind":"session","accountId":"{{Server.AccountA}}","namespace":"old","sessionId":"record","properties":"{}","propertyCount":0,"propertiesLength":2,"lastWriteAt":0,"expiresAt":{{SessionExpiry.Never}},"ttlSecond":600,"ttlCreatedAt":0}""");

        await app.Emulator.InvokeTimerAsync("SweepExpiredSessions");

        using var response = await container.ReadItemStreamAsync(SessionDocument.DocumentId, ContextContainer.SessionPartition(new SessionKey(Server.AccountA, "old", "record")));
        using var stored = await System.Text.Json.JsonDocument.ParseAsync(response.Content);
        // Its TTL after its last change, which was the seeding: _ts, in whole seconds.
        Assert.Equal(seededAt * 1000 + 600_000, stored.RootElement.GetProperty("expiresAt").GetInt64());
        Assert.InRange(stored.RootElement.GetProperty("ttl").GetInt32(), 599, 602);
    }

    /// <returns>The seeded document's _ts.</returns>
    private static async Task<long> SeedAsync(Container container, string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        var key = new SessionKey(root.GetProperty("accountId").GetString()!, root.GetProperty("namespace").GetString()!, root.GetProperty("sessionId").GetString()!);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(json));
        using var response = await container.CreateItemStreamAsync(content, ContextContainer.SessionPartition(key));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = await System.Text.Json.JsonDocument.ParseAsync(response.Content);
        return created.RootElement.GetProperty("_ts").GetInt64();
    }

    private async Task<List<string>> StoredSessionIdsAsync(Container container, string ns)
    {
        var query = new QueryDefinition("SELECT VALUE c.sessionId FROM c WHERE c.accountId = @account AND c['namespace'] = @ns AND c.kind = 'session'")
            .WithParameter("@account", Server.AccountA)
            .WithParameter("@ns", ns);
        var ids = new List<string>();
        using var iterator = container.GetItemQueryIterator<string>(query);
        while (iterator.HasMoreResults)
        {
            ids.AddRange(await iterator.ReadNextAsync());
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }
}
