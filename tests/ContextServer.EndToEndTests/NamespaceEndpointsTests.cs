using System.Net;

namespace ContextServer.EndToEndTests;

public class NamespaceEndpointsTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Fact]
    public async Task AnAccountWithoutNamespacesListsAnEmptyArray() =>
        Assert.Equal("[]", await AssertJson(Get(A), HttpStatusCode.OK));

    [Fact]
    public async Task DeletingANamespaceRemovesItsRegistrationAndDataAndIsIdempotent()
    {
        await AssertNoContent(Post(A + "?ttlSecond=100", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/properties", """{"a":1}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"b":2}"""));

        await AssertNoContent(Delete(A + "/bots"));
        await AssertNoContent(Delete(A + "/bots"));

        Assert.Equal("[]", await AssertJson(Get(A), HttpStatusCode.OK));
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task DeletingANamespaceHidesItsSessionsPropertiesAndTtlsAtOnceAndAWriteAfterStartsItEmpty()
    {
        await AssertNoContent(Post(A + "?ttlSecond=100", """{"name":"bots"}"""));
        await AssertNoContent(Patch(A + "/bots/properties", """{"ns":1}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=100", """{"sessionId":"s2"}"""));

        await AssertNoContent(Delete(A + "/bots"));

        Assert.Equal("[]", await AssertJson(Get(A), HttpStatusCode.OK));
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        await AssertError(Get(A + "/bots/s1/properties/a"), HttpStatusCode.NotFound);
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-properties"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));

        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"b":2}"""));

        Assert.Equal("""{"b":2}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("""["s1"]""", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("""{"name":"consumer"}""")]
    [InlineData("""{"name":"FAAS"}""")]
    [InlineData("""{"name":"bad name"}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"nom":"bots"}""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""["bots"]""")]
    [InlineData("""{"name":"bots""")]
    [InlineData("")]
    public async Task ACreateWithoutAValidNameIs400(string body) =>
        await AssertError(Post(A, body), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("2147483648")]
    [InlineData("")]
    public async Task ACreateWithABadTtlIs400(string ttl) =>
        Assert.Contains("ttlSecond", await AssertError(Post(A + "?ttlSecond=" + ttl, """{"name":"bots"}"""), HttpStatusCode.BadRequest));

    [Fact]
    public async Task ATtlWithLeadingZerosIsItsDecimalValue()
    {
        await AssertNoContent(Post(A + "?ttlSecond=00000000001", """{"name":"bots"}"""));

        Assert.Contains("\"ttlSecond\":1}", await AssertJson(Get(A), HttpStatusCode.OK));
    }
}
