using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Json;

namespace ContextStore.UnitTests.Json;

public class StoredPropertiesTests
{
    private static StoredProperties Props(string json) =>
        StoredProperties.FromElements(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!);

    [Fact]
    public void TheStoredTextIsTheCompactJsonOfTheProperties() =>
        Assert.Equal("""{"a":1,"b":[true,null],"c":{"d":"x"}}""", Props("""{ "a" : 1, "b" : [ true, null ], "c" : { "d" : "x" } }""").Json);

    [Theory]
    [InlineData("é", 1)]
    [InlineData("中", 1)]
    [InlineData("😀", 2)]
    [InlineData("\n", 2)]
    [InlineData("\u0001", 6)]
    public void SizeIsCountedAsJavaScriptCountsTheStringifiedText(string text, int characters)
    {
        var overhead = """{"k":""}""".Length;
        var properties = StoredProperties.FromElements([KeyValuePair.Create("k", JsonSerializer.SerializeToElement(text))]);

        Assert.Equal(overhead + characters, properties.Json.Length);
    }

    [Fact]
    public void StoredTextReadsBackEveryValueAsItStands()
    {
        var stored = StoredProperties.FromStoredJson("""{"intent":"billing","orders":[1,2,{"x":null}],"n":12345678901234567890,"note":"é \"q\"","empty":{}}""");

        Assert.Equal(["intent", "orders", "n", "note", "empty"], stored.Values.Keys);
        Assert.Equal("\"billing\"", stored.Values["intent"]);
        Assert.Equal("""[1,2,{"x":null}]""", stored.Values["orders"]);
        Assert.Equal("12345678901234567890", stored.Values["n"]);
        Assert.Equal("\"é \\\"q\\\"\"", stored.Values["note"]);
        Assert.Equal("{}", stored.Values["empty"]);
    }

    [Fact]
    public void AMergeReplacesGivenValuesWholeAndKeepsTheRest()
    {
        var merged = Props("""{"a":{"x":1,"y":2},"b":1}""").With([KeyValuePair.Create("a", """{"z":3}"""), KeyValuePair.Create("c", "null")]);

        Assert.Equal("""{"a":{"z":3},"b":1,"c":null}""", merged.Json);
        Assert.Equal(3, merged.Count);
    }

    [Fact]
    public void RemovingAndSelectingKeepTheOtherValuesUnchanged()
    {
        var properties = Props("""{"a":1,"b":"two","c":[3]}""");

        Assert.Equal("""{"a":1,"c":[3]}""", properties.Without("b").Json);
        Assert.Equal("""{"c":[3],"a":1}""", properties.Select(["c", "missing", "a", "c"]).Json);
        Assert.Same(StoredProperties.Empty.Json, StoredProperties.FromStoredJson("{}").Json);
    }

    [Fact]
    public void AValueAsDeepAsABodyMayBeIsReadableInsideTheStoredObject()
    {
        var deepest = new string('[', ContextLimits.MaxJsonDepth) + new string(']', ContextLimits.MaxJsonDepth);
        var stored = StoredProperties.FromStoredJson(StoredProperties.FromValues([KeyValuePair.Create("deep", deepest)]).Json);

        Assert.Equal(deepest, stored.Values["deep"]);
    }
}
