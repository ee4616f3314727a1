using System.Net;
using ContextStore.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests;

/// <summary>ContextServer's sweep, in its background service on its interval, removes what N3 left for it.</summary>
[ContextServerOnly("ContextServer's background service; the Functions app's timer is tested by SweepExpiredSessionsTests")]
public class BackgroundSweepTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected override async Task<IRunningHost> StartHostAsync() => await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
    {
        ["Sweeper:Enabled"] = "true",
        ["Sweeper:Interval"] = "00:00:01",
    });

    [Fact]
    public async Task TheSessionsOfADeletedNamespaceAreRemovedInTheBackgroundAfterN3Answered()
    {
        foreach (var session in new[] { "s1", "s2", "s3" })
        {
            await AssertNoContent(Patch($"{A}/dropped/{session}/properties", """{"a":1}"""));
        }

        await AssertNoContent(Delete(A + "/dropped"));
        Assert.Equal("[]", await AssertJson(Get(A + "/dropped/session-ids"), HttpStatusCode.OK));

        var container = ((RunningServer)Server).Services.GetRequiredService<ContextContainer>().Container;
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (await StoredAsync(container) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the background sweep left the deleted namespace's sessions for {Patience}");
            await Task.Delay(200);
        }
    }

    private async Task<int> StoredAsync(Container container)
    {
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.accountId = @a AND c['namespace'] = 'dropped' AND c.kind = 'session'")
            .WithParameter("@a", Server.AccountA);
        using var iterator = container.GetItemQueryIterator<int>(query);
        return (await iterator.ReadNextAsync()).Single();
    }
}
