using System.Net;

namespace ContextServer.EndToEndTests;

/// <summary>Session TTLs on a controlled clock; the Functions app proves expiry with short real TTLs instead.</summary>
[ContextServerOnly("ContextServer's controlled clock: exact createdAt values and expiry to the second")]
public class SessionClockTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    /// <summary>Each test moves the clock from the same start: a server of its own.</summary>
    protected override Task<IRunningHost> StartHostAsync() => StartOwnServerAsync();

    [Fact]
    public async Task DeletingASessionsPropertiesEmptiesItButKeepsItsTtl()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=100", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));

        await AssertNoContent(Delete(A + "/bots/s1/properties"));

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("""[{"sessionId":"s1","createdAt":"2026-11-23T12:00:00.000Z","ttlSecond":100}]""",
            await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ASessionExpiresAfterItsTtlAndIsNoLongerListed()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        await AssertError(Get(A + "/bots/s1/properties/a"), HttpStatusCode.NotFound);
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AStarIfMatchDoesNotMatchAnExpiredSession()
    {
        await AssertNoContent(Post(A + "?ttlSecond=10", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(10));

        await AssertError(Put(A + "/bots/s1/properties/b", "2", ifMatch: "*"), HttpStatusCode.PreconditionFailed);
        await AssertError(Patch(A + "/bots/s1/properties", """{"b":2}""", ifMatch: "*"), HttpStatusCode.PreconditionFailed);
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AnETagReadWhileTheSessionWasLiveNoLongerMatchesOnceItHasExpired()
    {
        await AssertNoContent(Post(A + "?ttlSecond=10", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        string live;
        using (var read = await Get(A + "/bots/s1/properties"))
        {
            live = read.Headers.ETag!.ToString();
        }

        Server.Clock.Advance(TimeSpan.FromSeconds(10));

        await AssertError(Put(A + "/bots/s1/properties/b", "2", ifMatch: live), HttpStatusCode.PreconditionFailed);
        using (var expired = await Get(A + "/bots/s1/properties"))
        {
            Assert.Equal("{}", await expired.Content.ReadAsStringAsync());
            Assert.Equal("\"0\"", expired.Headers.ETag!.ToString());
        }

        await AssertNoContent(Put(A + "/bots/s1/properties/b", "2", ifMatch: "\"0\""));
        Assert.Equal("""{"b":2}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task TheNamespaceTtlAppliesToSessionsWithoutTheirOwn()
    {
        await AssertNoContent(Post(A + "?ttlSecond=30", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ASessionTtlSetAfterTheLastWriteExpiresTheSessionThatTtlAfterT1()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(30));
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));

        Server.Clock.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Server.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task RepeatingT1RestartsTheExpiryAsAWriteDoes()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(8));
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));

        Server.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task DeletingAllPropertiesKeepsTheTtlRecordAndRestartsItsExpiry()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(8));
        await AssertNoContent(Delete(A + "/bots/s1/properties"));

        Server.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("""[{"sessionId":"s1","createdAt":"2026-11-23T12:00:00.000Z","ttlSecond":10}]""",
            await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AnExpiredTtlRecordSetAgainIsListedWithTheNewTimeItWasSet()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));
        Server.Clock.Advance(TimeSpan.FromSeconds(15));

        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=10", """{"sessionId":"s1"}"""));

        Assert.Equal("""[{"sessionId":"s1","createdAt":"2026-11-23T12:00:15.000Z","ttlSecond":10}]""",
            await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }
}
