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
    /// <summary>
    /// Long enough that a write and the read right after it finish within it on a busy CI machine (with 1 s, the read
    /// came after the session had expired in one run), short enough to wait out.
    /// </summary>
    private const int TtlSecond = 3;

    private static readonly TimeSpan PastTheTtl = TimeSpan.FromSeconds(TtlSecond + 0.5);

    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());

    [Fact]
    public async Task ASessionExpiresAfterItsTtlAndIsNoLongerListed()
    {
        await AssertNoContent(Post(A + $"/namespace/bots/session?ttlSecond={TtlSecond}", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        await Task.Delay(PastTheTtl);

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        await AssertError(Get(A + "/bots/s1/properties/a"), HttpStatusCode.NotFound);
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task TheNamespaceTtlAppliesToSessionsWithoutTheirOwn()
    {
        await AssertNoContent(Post(A + $"?ttlSecond={TtlSecond}", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        await Task.Delay(PastTheTtl);

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
