using System.Text;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Json;
using ContextStore.Sessions;
using ContextStore.Storage;

namespace ContextStore.UnitTests.Json;

public class StoredPropertiesJsonConverterTests
{
    private static readonly SessionKey Key = new("le1", "ns", "s1");

    private static SessionDocument Session(string propertiesJson) =>
        SessionDocument.Empty(Key).WithProperties(
            StoredProperties.FromElements(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(propertiesJson)!),
            DateTimeOffset.UnixEpoch, namespaceTtl: null);

    [Fact]
    public void PropertiesAreStoredAsOneJsonStringOfTheirText()
    {
        var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(Session("""{"n":1e400,"s":"x"}"""), CosmosJson.Options));

        Assert.Equal("""{"n":1e400,"s":"x"}""", document.RootElement.GetProperty("properties").GetString());
        Assert.Equal("""{"n":1e400,"s":"x"}""".Length, document.RootElement.GetProperty("propertiesLength").GetInt32());
    }

    [Fact]
    public void AStoredSessionReadsBackWithTheSameText()
    {
        var written = Session("""{"intent":"billing","n":12345678901234567890,"deep":[[[{"é":"😀"}]]],"q":"\"\\"}""");

        var read = new CosmosJson().Deserialize<SessionDocument>(JsonSerializer.SerializeToUtf8Bytes(written, CosmosJson.Options));

        Assert.Equal(written.Properties.Json, read.Properties.Json);
        Assert.Equal(written.Properties.Values, read.Properties.Values);
    }

    [Theory]
    [InlineData("é", 2)]
    [InlineData("中", 3)]
    [InlineData("😀", 4)]
    public void TextIsStoredAsUtf8NotAsEscapes(string character, int bytesEach)
    {
        var text = string.Concat(Enumerable.Repeat(character, 10_000));
        var empty = JsonSerializer.SerializeToUtf8Bytes(Session("""{"k":""}"""), CosmosJson.Options).Length;

        var stored = JsonSerializer.SerializeToUtf8Bytes(Session(JsonSerializer.Serialize(new { k = text })), CosmosJson.Options).Length;

        Assert.InRange(stored - empty, 10_000 * bytesEach, 10_000 * bytesEach + 16);
    }

    [Fact]
    public void PropertiesStoredAsAnythingButAStringAreRefused()
    {
        var content = Encoding.UTF8.GetBytes("""{"accountId":"le1","namespace":"ns","sessionId":"s1","properties":{"a":1}}""");

        Assert.Throws<JsonException>(() => new CosmosJson().Deserialize<SessionDocument>(content));
    }
}
