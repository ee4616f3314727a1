using System.Text;
using System.Text.Json;
using ContextStore.Cosmos;
using ContextStore.Sessions;

namespace ContextStore.Tests.Cosmos;

public class PropertiesJsonConverterTests
{
    private const string Stored =
        """{"id":"session","kind":"session","accountId":"le1","namespace":"ns","sessionId":"s1","properties":{"intent":"billing","orders":[1,2,{"x":null}],"note":"é \u2028 \"q\"","empty":{}},"propertyCount":4,"lastWriteAt":1,"expiresAt":2}""";

    [Fact]
    public async Task AStoredSessionReadsEveryPropertyWithItsExactValue()
    {
        var document = await Read(Stored);

        Assert.Equal(["intent", "orders", "note", "empty"], document.Properties.Keys);
        Assert.Equal("billing", document.Properties["intent"].GetString());
        Assert.Equal("""[1,2,{"x":null}]""", document.Properties["orders"].GetRawText());
        Assert.Equal("é \u2028 \"q\"", document.Properties["note"].GetString());
        Assert.Equal(JsonValueKind.Object, document.Properties["empty"].ValueKind);
    }

    [Fact]
    public async Task AReadSessionWrittenBackReadsAsTheSameProperties()
    {
        var document = await Read(Stored);

        var again = await Read(JsonSerializer.Serialize(document, CosmosJson.Options));

        Assert.Equal(document.Properties.Keys, again.Properties.Keys);
        Assert.All(document.Properties, p => Assert.True(JsonElement.DeepEquals(p.Value, again.Properties[p.Key]), p.Key));
    }

    [Fact]
    public async Task PropertiesThatAreNotAnObjectAreRefused() =>
        await Assert.ThrowsAsync<JsonException>(() =>
            Read("""{"accountId":"le1","namespace":"ns","sessionId":"s1","properties":[1,2]}"""));

    private static async Task<SessionDocument> Read(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await new CosmosJson().DeserializeAsync<SessionDocument>(stream, CancellationToken.None);
    }
}
