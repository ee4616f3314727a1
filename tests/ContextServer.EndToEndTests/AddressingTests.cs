using System.Net;
using System.Text;
using ContextServer.EndToEndTests.Reliability;

namespace ContextServer.EndToEndTests;

/// <summary>Every path names one resource, however it is spelled, and account ids ignore case.</summary>
public class AddressingTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Theory]
    [InlineData("Properties")]
    [InlineData("PROPERTIES")]
    [InlineData("Session-Ids")]
    [InlineData("SESSION-PROPERTIES")]
    public async Task ASessionIdSpelledLikeARouteLiteralIsRefusedOnEveryOperation(string sessionId)
    {
        await AssertNoContent(Put(A + "/bots/properties/properties", "\"the namespace property\""));

        await AssertError(Patch(A + $"/bots/{sessionId}/properties", """{"a":1}"""), HttpStatusCode.BadRequest);
        await AssertError(Put(A + $"/bots/{sessionId}/properties/a", "1"), HttpStatusCode.BadRequest);
        await AssertError(Get(A + $"/bots/{sessionId}/properties/a"), HttpStatusCode.BadRequest);
        await AssertError(Delete(A + $"/bots/{sessionId}/properties"), HttpStatusCode.BadRequest);
        await AssertError(Delete(A + $"/namespace/bots/session/{sessionId}"), HttpStatusCode.BadRequest);
        await AssertError(Post(A + "/namespace/bots/session?ttlSecond=60", $$"""{"sessionId":"{{sessionId}}"}"""), HttpStatusCode.BadRequest);

        Assert.Equal("\"the namespace property\"", await AssertJson(Get(A + "/bots/properties/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ThePathThatPatchReadsAsTheSessionPropertiesIsNeverReadAsANamespaceProperty()
    {
        await AssertNoContent(Put(A + "/bots/properties/properties", "\"kept\""));

        await AssertError(Patch(A + "/bots/Properties/properties", """{"a":1}"""), HttpStatusCode.BadRequest);
        await AssertError(Get(A + "/bots/Properties/properties"), HttpStatusCode.BadRequest);
        await AssertError(Delete(A + "/bots/Properties/properties"), HttpStatusCode.BadRequest);
        await AssertError(Put(A + "/bots/Properties/Properties", "1"), HttpStatusCode.BadRequest);

        Assert.Equal("{\"properties\":\"kept\"}", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task DotSessionIdsAreRefusedInTheTtlBody(string sessionId) =>
        await AssertError(Post(A + "/namespace/bots/session?ttlSecond=60", $$"""{"sessionId":"{{sessionId}}"}"""), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("/bots/%2E/properties")]
    [InlineData("/bots/./properties")]
    [InlineData("/bots/s1/../properties")]
    [InlineData("/bots/s1/%2e%2E/properties")]
    public async Task APathWithADotSegmentIsRefusedInsteadOfReachingAnotherResource(string path)
    {
        var response = await PatchRawAsync(A + path);

        Assert.Equal(400, response.Status);
        Assert.Contains("\"message\"", response.Body);
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
    }

    /// <summary>
    /// Without its dot segments the path names no operation: ContextServer refuses it with 400 before routing, the
    /// Functions host (whose routing is not ours) with its bare 404. Either way nothing is written.
    /// </summary>
    [Fact]
    public async Task APathThatDotSegmentsLeadToNoOperationChangesNothing()
    {
        await AssertNoContent(Patch(A + "/bots/properties", """{"kept":1}"""));

        var response = await PatchRawAsync(A + "/bots/%2e%2E/properties");

        Assert.Contains(response.Status, new[] { 400, 404 });
        Assert.Equal("""{"kept":1}""", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
    }

    private Task<RawResponse> PatchRawAsync(string target) =>
        RawHttp.SendAsync(Server.Client.BaseAddress!, new RawRequest(
            "PATCH", target, [("maven-api-key", RunningServer.KeyA), ("Content-Type", "application/json")],
            Encoding.UTF8.GetBytes("""{"a":1}""")), CancellationToken.None);

    [Fact]
    public async Task EverySpellingOfAnAccountIdIsOneAccountWithOneKeyAndOneSetOfData()
    {
        var upper = A.ToUpperInvariant().Replace("/V1/ACCOUNT/", "/v1/account/", StringComparison.Ordinal);
        await AssertNoContent(Patch(upper + "/bots/s1/properties", """{"a":1}"""));
        await AssertNoContent(Post(upper + "?ttlSecond=60", """{"name":"bots"}"""));

        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("""["s1"]""", await AssertJson(Get(upper + "/bots/session-ids"), HttpStatusCode.OK));
        Assert.Contains("\"name\":\"bots\"", await AssertJson(Get(A), HttpStatusCode.OK));
        await AssertError(Get(upper + "/bots/s1/properties", apiKey: RunningServer.KeyB), HttpStatusCode.Forbidden);
    }
}
