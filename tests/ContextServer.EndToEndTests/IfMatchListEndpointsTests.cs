using System.Net;

namespace ContextServer.EndToEndTests;

/// <summary>If-Match through HTTP, as RFC 9110 reads it: lists, <c>*</c> and weak tags.</summary>
public class IfMatchListEndpointsTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Fact]
    public async Task AnIfMatchListWritesWhenAnyOfItsETagsIsCurrentAndIs412WhenNoneIs()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        var etag = await ETagOf(A + "/bots/s1/properties");

        await AssertNoContent(Put(A + "/bots/s1/properties/a", "2", ifMatch: $"\"x\", {etag}"));
        await AssertError(Put(A + "/bots/s1/properties/a", "3", ifMatch: $"\"x\", {etag}"), HttpStatusCode.PreconditionFailed);

        var next = await ETagOf(A + "/bots/s1/properties");
        await AssertError(Patch(A + "/bots/s1/properties", """{"b":1}""", ifMatch: $"W/{next}"), HttpStatusCode.PreconditionFailed);
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"b":1}""", ifMatch: $"W/{etag}, {next}"));

        Assert.Equal("""{"a":2,"b":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AStarWritesAnExistingSessionAndIs412ForOneThatDoesNotExist()
    {
        await AssertError(Put(A + "/bots/s1/properties/a", "1", ifMatch: "*"), HttpStatusCode.PreconditionFailed);
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));

        await AssertNoContent(Put(A + "/bots/s1/properties/a", "1"));
        await AssertNoContent(Put(A + "/bots/s1/properties/a", "2", ifMatch: "*"));
        await AssertNoContent(Delete(A + "/bots/s1/properties/a", ifMatch: "*"));

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("\"unterminated")]
    [InlineData("*, \"abc\"")]
    public async Task AnEmptyOrUnparsableIfMatchIs400AndWritesNothing(string ifMatch)
    {
        await AssertNoContent(Put(A + "/bots/s1/properties/a", "1"));

        Assert.Contains("If-Match", await AssertError(Put(A + "/bots/s1/properties/a", "2", ifMatch: ifMatch), HttpStatusCode.BadRequest));
        Assert.Contains("If-Match", await AssertError(Patch(A + "/bots/s1/properties", """{"b":1}""", ifMatch: ifMatch), HttpStatusCode.BadRequest));
        Assert.Contains("If-Match", await AssertError(Delete(A + "/bots/s1/properties/a", ifMatch: ifMatch), HttpStatusCode.BadRequest));
        Assert.Contains("If-Match", await AssertError(Delete(A + "/bots/s1/properties", ifMatch: ifMatch), HttpStatusCode.BadRequest));

        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AWriteThatLeavesTheSessionWithoutADocumentAnswersWithoutAnETag()
    {
        await AssertNoContent(Put(A + "/bots/s1/properties/a", "1"));

        using (var deleted = await Delete(A + "/bots/s1/properties"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Null(deleted.Headers.ETag);
        }

        using (var noOp = await Delete(A + "/bots/s1/properties/never-there"))
        {
            Assert.Equal(HttpStatusCode.NoContent, noOp.StatusCode);
            Assert.Null(noOp.Headers.ETag);
        }
    }

    private async Task<string> ETagOf(string path)
    {
        using var response = await Get(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("no ETag");
    }
}
