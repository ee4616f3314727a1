using System.Net;

namespace ContextServer.EndToEndTests;

public class SessionEndpointsTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Fact]
    public async Task SessionIdsAreListedInOrdinalOrderWithPaging()
    {
        foreach (var id in new[] { "s3", "s1", "S2", "s4" })
        {
            await AssertNoContent(Patch($"{A}/bots/{id}/properties", """{"x":1}"""));
        }

        Assert.Equal("""["S2","s1","s3","s4"]""", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
        Assert.Equal("""["s3","s4"]""", await AssertJson(Get(A + "/bots/session-ids?page=1&perPage=2"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/bots/session-ids?page=5&perPage=2"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task SessionsAreListedWithTheirPropertiesUnderTheKeyProperties()
    {
        await AssertNoContent(Patch(A + "/bots/properties", """{"ns":true}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));

        Assert.Equal("""[{"sessionId":"__default__","properties":{"ns":true}},{"sessionId":"s1","properties":{"a":1}}]""",
            await AssertJson(Get(A + "/bots/session-properties"), HttpStatusCode.OK));
        Assert.Equal("""[{"sessionId":"s1","properties":{"a":1}}]""",
            await AssertJson(Get(A + "/bots/session-properties?page=1&perPage=1"), HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("page=-1")]
    [InlineData("page=x")]
    [InlineData("perPage=0")]
    [InlineData("perPage=1001")]
    [InlineData("perPage=99999999999")]
    public async Task BadPagingIs400(string query)
    {
        await AssertError(Get(A + "/bots/session-ids?" + query), HttpStatusCode.BadRequest);
        await AssertError(Get(A + "/bots/session-properties?" + query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DeletingTheSessionRemovesItsPropertiesAndItsTtl()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=100", """{"sessionId":"s1"}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));

        await AssertNoContent(Delete(A + "/namespace/bots/session/s1"));
        await AssertNoContent(Delete(A + "/namespace/bots/session/s1"));

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ATtlOfZeroClearsTheSessionTtl()
    {
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=100", """{"sessionId":"s1"}"""));
        await AssertNoContent(Post(A + "/namespace/bots/session?ttlSecond=0", """{"sessionId":"s1"}"""));

        Assert.Equal("[]", await AssertJson(Get(A + "/namespace/bots/session"), HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("/namespace/bots/session", """{"sessionId":"s1"}""")]
    [InlineData("/namespace/bots/session?ttlSecond=-5", """{"sessionId":"s1"}""")]
    [InlineData("/namespace/bots/session?ttlSecond=10", """{"session":"s1"}""")]
    [InlineData("/namespace/bots/session?ttlSecond=10", """{"sessionId":"a/b"}""")]
    [InlineData("/namespace/bots/session?ttlSecond=10", """{"sessionId":"properties"}""")]
    [InlineData("/namespace/custom/session?ttlSecond=10", """{"sessionId":"s1"}""")]
    public async Task ASessionTtlWithABadParameterOrBodyIs400(string path, string body) =>
        await AssertError(Post(A + path, body), HttpStatusCode.BadRequest);
}
