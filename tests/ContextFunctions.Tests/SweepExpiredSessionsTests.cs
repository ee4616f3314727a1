using System.Net;
using ContextServer.Tests;
using Microsoft.Azure.Cosmos;

namespace ContextFunctions.Tests;

/// <summary>The sweep's timer function for real: invoked as its schedule would, it physically removes expired sessions only.</summary>
public sealed class SweepExpiredSessionsTests(FunctionsApp app, ContextServerForClass contextServer)
    : EndToEndTestBase(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());

    [Fact]
    public async Task AfterSweepExpiredSessionsRunsExpiredSessionsAreGoneFromCosmosAndUnexpiredOnesStay()
    {
        await AssertNoContent(Post(A + "?ttlSecond=1", """{"name":"brief"}"""));
        await AssertNoContent(Post(A + "?ttlSecond=3600", """{"name":"lasting"}"""));
        foreach (var session in new[] { "s1", "s2", "s3" })
        {
            await AssertNoContent(Patch($"{A}/brief/{session}/properties", """{"a":1}"""));
            await AssertNoContent(Patch($"{A}/lasting/{session}/properties", """{"a":1}"""));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        using var cosmos = TestCosmosClient.Create();
        var container = app.OpenContainer(cosmos);
        // Expired but still stored: readers skip them, only the sweep removes them.
        Assert.Equal(["s1", "s2", "s3"], await StoredSessionIdsAsync(container, "brief"));

        await app.Emulator.InvokeTimerAsync("SweepExpiredSessions");

        Assert.Empty(await StoredSessionIdsAsync(container, "brief"));
        Assert.Equal(["s1", "s2", "s3"], await StoredSessionIdsAsync(container, "lasting"));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/lasting/s2/properties"), HttpStatusCode.OK));
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
