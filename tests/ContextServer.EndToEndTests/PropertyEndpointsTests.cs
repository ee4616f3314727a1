using System.Net;

namespace ContextServer.EndToEndTests;

public class PropertyEndpointsTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Fact]
    public async Task NamespacePropertiesArePatchedAndReadBack()
    {
        await AssertNoContent(Patch(A + "/bots/properties", """{"myKey1":"myValue1","count":2,"price":1.50,"flags":[true,null],"nested":{"x":{"y":1}}}"""));

        var body = await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK);
        Assert.Equal(Canonical("""{"myKey1":"myValue1","count":2,"price":1.50,"flags":[true,null],"nested":{"x":{"y":1}}}"""), Canonical(body));
    }

    [Fact]
    public async Task OnePropertyIsTheJsonEncodingOfItsBareValue()
    {
        await AssertNoContent(Patch(A + "/bots/properties", """{"myKey1":"myValue1","list":[1,2],"n":2}"""));

        Assert.Equal("\"myValue1\"", await AssertJson(Get(A + "/bots/properties/myKey1"), HttpStatusCode.OK));
        Assert.Equal("[1,2]", await AssertJson(Get(A + "/bots/properties/list"), HttpStatusCode.OK));
        Assert.Equal("2", await AssertJson(Get(A + "/bots/properties/n"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task PutSetsOnePropertyToAnyJsonValue()
    {
        await AssertNoContent(Put(A + "/bots/properties/obj", """{"deep":{"a":[1]}}"""));
        await AssertNoContent(Put(A + "/bots/properties/str", "\"text\""));
        await AssertNoContent(Put(A + "/bots/properties/nil", "null"));

        Assert.Equal(Canonical("""{"obj":{"deep":{"a":[1]}},"str":"text","nil":null}"""),
            Canonical(await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK)));
    }

    [Fact]
    public async Task AMissingPropertyIs404WithAMessage()
    {
        await AssertError(Get(A + "/bots/properties/missing"), HttpStatusCode.NotFound);
        await AssertError(Get(A + "/bots/s1/properties/missing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task IncludeSelectsTheListedPropertiesThatExist()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1,"b":2,"c":3}"""));

        Assert.Equal(Canonical("""{"a":1,"c":3}"""),
            Canonical(await AssertJson(Get(A + "/bots/s1/properties?include=a,c,zzz"), HttpStatusCode.OK)));
        Assert.Equal("""{"b":2}""", await AssertJson(Get(A + "/bots/s1/properties?include=b"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task IncludeMatchesNamesExactlyWithTheirWhitespace()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{" lead":1,"trail ":2,"lead":3,"trail":4,"\u00A0nbsp":5}"""));

        Assert.Equal(Canonical("""{" lead":1,"trail ":2,"\u00A0nbsp":5}"""),
            Canonical(await AssertJson(Get(A + "/bots/s1/properties?include=%20lead,trail%20,%C2%A0nbsp"), HttpStatusCode.OK)));
        Assert.Equal("""{"lead":3}""", await AssertJson(Get(A + "/bots/s1/properties?include=lead"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task IncludeIsDecodedOnceAsAPathSegmentIsWithPlusAsItself()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a+b":1,"a b":2,"50%":3}"""));

        Assert.Equal("""{"a+b":1}""", await AssertJson(Get(A + "/bots/s1/properties?include=a+b"), HttpStatusCode.OK));
        Assert.Equal("""{"50%":3}""", await AssertJson(Get(A + "/bots/s1/properties?include=50%25"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task DeletingAPropertyAnswers204AndIsIdempotent()
    {
        await AssertNoContent(Patch(A + "/bots/properties", """{"a":1,"b":2}"""));

        await AssertNoContent(Delete(A + "/bots/properties/a"));
        await AssertNoContent(Delete(A + "/bots/properties/a"));

        Assert.Equal("""{"b":2}""", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AnUnknownSessionReadsAsAnEmptyObject() =>
        Assert.Equal("{}", await AssertJson(Get(A + "/bots/nobody/properties"), HttpStatusCode.OK));

    [Fact]
    public async Task NamespacePropertiesAreTheDefaultSessionsProperties()
    {
        await AssertNoContent(Patch(A + "/bots/properties", """{"a":1}"""));

        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/__default__/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task SessionPropertiesAreMergedShallowlySetReadAndDeleted()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":{"x":1,"y":2},"b":1}"""));
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":{"z":3}}"""));
        await AssertNoContent(Put(A + "/bots/s1/properties/c", "true"));
        await AssertNoContent(Delete(A + "/bots/s1/properties/b"));

        Assert.Equal(Canonical("""{"a":{"z":3},"c":true}"""), Canonical(await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK)));
        Assert.Equal("""{"z":3}""", await AssertJson(Get(A + "/bots/s1/properties/a"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ALiteralSegmentWinsOverAParameter()
    {
        // "/bots/properties/properties" is property "properties" of the namespace, not session "properties".
        await AssertNoContent(Put(A + "/bots/properties/properties", "1"));

        Assert.Equal("""{"properties":1}""", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ATrailingSlashIsEquivalent()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties/", """{"a":1}"""));

        Assert.Equal("""{"a":1}""", await AssertJson(Get(A + "/bots/s1/properties/"), HttpStatusCode.OK));
        Assert.Equal("1", await AssertJson(Get(A + "/bots/s1/properties/a/"), HttpStatusCode.OK));
        Assert.Equal("[]", await AssertJson(Get(A + "/"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task NamesWithSpacesAndUnicodeRoundTripThroughTheUrl()
    {
        await AssertNoContent(Put(A + "/bots/conv%2042%20%C3%A4/properties/my%20key", "\"v\""));

        Assert.Equal("""{"my key":"v"}""", await AssertJson(Get(A + "/bots/conv%2042%20%C3%A4/properties"), HttpStatusCode.OK));
        Assert.Equal("""["conv 42 ä"]""", await AssertJson(Get(A + "/bots/session-ids"), HttpStatusCode.OK));
    }
}
