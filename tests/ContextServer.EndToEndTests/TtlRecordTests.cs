using System.Net;

namespace ContextServer.EndToEndTests;

/// <summary>
/// Session TTL records (T1) as Decisions 4 and 5 of 2026-12-04 have them, on both hosts: T1 counts as a write, and an
/// expired session disappears whole, its TTL record with it. Short TTLs on the real clock, which the Functions app runs
/// on; ContextServer runs on it here too (SessionClockTests has the same rules to the second on a controlled clock).
/// </summary>
public class TtlRecordTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    private const int TtlSecond = 2;
    private static readonly TimeSpan PastTheTtl = TimeSpan.FromSeconds(TtlSecond + 0.5);

    protected override Task<IRunningHost> StartHostAsync() => StartOwnServerOnTheRealClockAsync();

    [Fact]
    public async Task ASessionTtlSetAfterTheLastWriteExpiresTheSession()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        await AssertNoContent(Post($"{A}/namespace/bots/session?ttlSecond={TtlSecond}", """{"sessionId":"s1"}"""));
        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        await Task.Delay(PastTheTtl);

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ASessionWithOnlyATtlRecordExpiresAndLeavesT2()
    {
        await AssertNoContent(Post($"{A}/namespace/bots/session?ttlSecond={TtlSecond}", """{"sessionId":"s1"}"""));
        Assert.Contains("\"s1\"", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK), StringComparison.Ordinal);

        await Task.Delay(PastTheTtl);

        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AnExpiredSessionVanishesWholeWithItsTtlRecord()
    {
        await AssertNoContent(Post($"{A}/namespace/bots/session?ttlSecond={TtlSecond}", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));

        await Task.Delay(PastTheTtl);

        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AWriteAfterExpiryStartsASessionWithoutTheExpiredTtlRecord()
    {
        await AssertNoContent(Post($"{A}/namespace/bots/session?ttlSecond={TtlSecond}", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"old":1}"""));
        await Task.Delay(PastTheTtl);

        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"new":2}"""));

        Assert.Equal("""{"new":2}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }
}
