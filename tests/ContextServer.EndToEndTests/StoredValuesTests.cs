using System.Net;
using System.Text.Json;
using ContextStore.Contract;

namespace ContextServer.EndToEndTests;

/// <summary>Whatever a write accepted reads back unchanged through every read, and sizes are counted as the contract counts them.</summary>
public class StoredValuesTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    private const string ExactNumbers =
        """{"big":12345678901234567890,"unsafe":9007199254740993,"huge":1e400,"tiny":1e-400,"price":1.50,"negativeZero":-0,"list":[1e400,1.0]}""";

    [Fact]
    public async Task NumbersReadBackWithExactlyTheDigitsTheyWereSentWith()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", ExactNumbers));
        await AssertNoContent(Patch(A + "/bots/properties", ExactNumbers));
        await AssertNoContent(Put(A + "/bots/s1/properties/one", "12345678901234567890"));

        Assert.Equal(ExactNumbers, await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
        Assert.Equal(ExactNumbers[..^1] + ",\"one\":12345678901234567890}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("1e400", await AssertJson(Get(A + "/bots/s1/properties/huge"), HttpStatusCode.OK));
        Assert.Equal("9007199254740993", await AssertJson(Get(A + "/bots/properties/unsafe"), HttpStatusCode.OK));
        Assert.Equal("12345678901234567890", await AssertJson(Get(A + "/bots/s1/properties/one"), HttpStatusCode.OK));
        var listing = await AssertJson(Get(A + "/bots/session-properties"), HttpStatusCode.OK);
        Assert.Contains("\"sessionId\":\"s1\",\"properties\":" + ExactNumbers[..^1] + ",\"one\":12345678901234567890}", listing);
    }

    [Fact]
    public async Task AValueAsDeepAsTheLimitStaysReadableThroughEveryRead()
    {
        var deepest = Nested(ContextLimits.MaxJsonDepth);
        await AssertNoContent(Put(A + "/bots/s1/properties/deep", deepest));
        await AssertNoContent(Put(A + "/bots/properties/deep", deepest));
        await AssertNoContent(Patch(A + "/bots/s2/properties", "{\"deep\":" + Nested(ContextLimits.MaxJsonDepth - 1) + "}"));

        Assert.Equal(deepest, await AssertJson(Get(A + "/bots/s1/properties/deep"), HttpStatusCode.OK));
        Assert.Equal(deepest, await AssertJson(Get(A + "/bots/properties/deep"), HttpStatusCode.OK));
        Assert.Equal("{\"deep\":" + deepest + "}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
        Assert.Equal("{\"deep\":" + deepest + "}", await AssertJson(Get(A + "/bots/properties"), HttpStatusCode.OK));
        Assert.Equal("{\"deep\":" + Nested(ContextLimits.MaxJsonDepth - 1) + "}", await AssertJson(Get(A + "/bots/s2/properties"), HttpStatusCode.OK));
        var listing = await AssertJson(Get(A + "/bots/session-properties?perPage=1000"), HttpStatusCode.OK);
        Assert.Equal(["__default__", "s1", "s2"], JsonSessionIds(listing));

        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"after":1}"""));
        Assert.Equal("1", await AssertJson(Get(A + "/bots/s1/properties/after"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AValueDeeperThanTheLimitIsRefusedAndNothingIsSaved()
    {
        await AssertError(Put(A + "/bots/s1/properties/deep", Nested(ContextLimits.MaxJsonDepth + 1)), HttpStatusCode.BadRequest);
        await AssertError(Patch(A + "/bots/s1/properties", "{\"deep\":" + Nested(ContextLimits.MaxJsonDepth) + "}"), HttpStatusCode.BadRequest);

        Assert.Equal("{}", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task AnEmojiCountsTwoCharactersAsInJavaScript()
    {
        // 195,000 emoji a value: 780,000 characters in all, within the 800,000 limit; 4.7 MB if counted as \u escapes.
        var emoji = JsonString(string.Concat(Enumerable.Repeat("😀", 195_000)));
        await AssertNoContent(Put(A + "/bots/s1/properties/a", emoji));
        await AssertNoContent(Put(A + "/bots/s1/properties/b", emoji));

        Assert.Equal(emoji, await AssertJson(Get(A + "/bots/s1/properties/b"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task TextWithinTheCharacterLimitButOverCosmosDbsItemLimitIs413AndLeavesTheSessionAsItWas()
    {
        // 240,000 three-byte characters a value: 720,000 characters pass the count, 2.16 MB of UTF-8 do not fit an item.
        var chinese = JsonString(new string('中', 240_000));
        await AssertNoContent(Put(A + "/bots/s1/properties/a", chinese));
        await AssertNoContent(Put(A + "/bots/s1/properties/b", chinese));

        var message = await AssertError(Put(A + "/bots/s1/properties/c", chinese), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("document too large", message);
        await AssertError(Get(A + "/bots/s1/properties/c"), HttpStatusCode.NotFound);
        Assert.Equal(chinese, await AssertJson(Get(A + "/bots/s1/properties/b"), HttpStatusCode.OK));
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static string JsonString(string text) => "\"" + text + "\"";

    private static List<string> JsonSessionIds(string listing) =>
        JsonDocument.Parse(listing, new JsonDocumentOptions { MaxDepth = 128 }).RootElement.EnumerateArray()
            .Select(row => row.GetProperty("sessionId").GetString()!).ToList();
}
