using System.Net;

namespace ContextServer.EndToEndTests;

/// <summary>ContextServer answers requests that match no operation with the contract's JSON errors.</summary>
[ContextServerOnly("a request no operation matches never reaches the Functions app: its host answers with a bare 404")]
public class UnmatchedRouteAnswersTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Fact]
    public async Task AnUnknownRouteIs404Json()
    {
        await AssertError(Get("/v2/whatever"), HttpStatusCode.NotFound);
        await AssertError(Get(A + "/bots/s1/s2/properties"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnsupportedMethodIsAJsonError()
    {
        using var response = await Server.SendAsync(HttpMethod.Put, A + "/bots/session-ids", "{}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("\"message\"", body);
    }
}
