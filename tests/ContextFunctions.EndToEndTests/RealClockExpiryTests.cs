using System.Net;
using System.Text.Json;
using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// TTLs on the Functions app, which runs on the real clock: short real TTLs instead of ContextServer's controlled
/// clock (SessionClockTests, NamespaceClockTests).
/// </summary>
public sealed class RealClockExpiryTests(FunctionsApp app, ContextServerForClass contextServer)
    : EndToEndTestBase(contextServer), IClassFixture<FunctionsApp>
{
    private static readonly TimeSpan PastOneSecond = TimeSpan.FromMilliseconds(1500);

    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());

    [Fact]
    public async Task ASessionExpiresAfterItsTtlAndIsNoLongerListed()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=1", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        await Task.Delay(PastOneSecond);

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        await AssertError(Get(A + "/bots/s1/properties/a"), HttpStatusCode.NotFound);
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task TheNamespaceTtlAppliesToSessionsWithoutTheirOwn()
    {
        await AssertNoContent(Post(A + "?ttlSecond=1", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        await Task.Delay(PastOneSecond);

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ASessionTtlIsListedWithTheTimeItWasSet()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=100", """{"sessionId":"s1"}"""));

        using var listed = JsonDocument.Parse(await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
        var session = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.Equal("s1", session.GetProperty("sessionId").GetString());
        Assert.Equal(100, session.GetProperty("ttlSecond").GetInt32());
        Assert.InRange(session.GetProperty("createdAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }
}
