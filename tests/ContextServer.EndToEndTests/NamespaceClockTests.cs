using System.Net;

namespace ContextServer.EndToEndTests;

/// <summary>Namespace registrations on a controlled clock, whose createdAt values are known to the millisecond.</summary>
[ContextServerOnly("ContextServer's controlled clock: exact createdAt values")]
public class NamespaceClockTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    /// <summary>Each test reads createdAt values from the same start of the clock: a server of its own.</summary>
    protected override Task<IRunningHost> StartHostAsync() => StartOwnServerAsync();

    [Fact]
    public async Task CreatingANamespaceTwiceAnswers204BothTimesAndListsItOnce()
    {
        await AssertNoContent(Post(A, """{"name":"bots"}"""));
        await AssertNoContent(Post(A, """{"name":"bots"}"""));

        var body = await AssertJson(Get(A), HttpStatusCode.OK);
        Assert.Equal("""[{"name":"bots","createdAt":"2026-11-23T12:00:00.000Z"}]""", body);
    }

    [Fact]
    public async Task NamespacesAreListedByNameWithTheirTtlOnlyWhenSet()
    {
        await AssertNoContent(Post(A + "?ttlSecond=100", """{"name":"zeta"}"""));
        Server.Clock.Advance(TimeSpan.FromMilliseconds(17));
        await AssertNoContent(Post(A, """{"name":"alpha"}"""));

        var body = await AssertJson(Get(A), HttpStatusCode.OK);
        Assert.Equal(
            """[{"name":"alpha","createdAt":"2026-11-23T12:00:00.017Z"},{"name":"zeta","createdAt":"2026-11-23T12:00:00.000Z","ttlSecond":100}]""",
            body);
    }

    [Fact]
    public async Task ARepeatedCreateKeepsCreatedAtAndUpdatesTheTtl()
    {
        await AssertNoContent(Post(A + "?ttlSecond=100", """{"name":"bots"}"""));
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        await AssertNoContent(Post(A + "?ttlSecond=300", """{"name":"bots"}"""));

        Assert.Equal("""[{"name":"bots","createdAt":"2026-11-23T12:00:00.000Z","ttlSecond":300}]""",
            await AssertJson(Get(A), HttpStatusCode.OK));
    }
}
