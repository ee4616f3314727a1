using System.Text;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Json;
using ContextStore.Storage;

namespace ContextStore.UnitTests.Storage;

public class StoredPropertiesTextTests
{
    private static byte[] Stored(SessionDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options);

    private static SessionDocument Session(StoredProperties properties, long expiresAt) =>
        SessionDocument.Empty(new SessionKey("le1", "bots", "s1")) with { Properties = properties, ExpiresAt = expiresAt };

    [Fact]
    public void ThePropertiesTextComesOutAsTheSameUtf8ThatTheStoredStringHolds()
    {
        using var values = JsonDocument.Parse("""{"quote":"say \"hi\"","path":"C:\\temp","line":"a\nb","accent":"café ☕ 😀","n":1.50}""");
        var properties = StoredProperties.FromElements(values.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)));

        var (text, _, _) = StoredPropertiesText.Parse(Stored(Session(properties, 1_700_000_000_000)));

        Assert.Equal(properties.Json, Encoding.UTF8.GetString(text.Span));
    }

    [Fact]
    public void TheExpiryAndTheNamespaceGenerationAreReadAlongWithTheText()
    {
        var (_, expiresAt, generation) = StoredPropertiesText.Parse(Stored(Session(StoredProperties.Empty, 1_700_000_000_123) with { Generation = 7 }));

        Assert.Equal(1_700_000_000_123, expiresAt);
        Assert.Equal(7, generation);
    }

    [Fact]
    public void ADocumentWithoutPropertiesExpiryOrGenerationReadsAsAnEmptyObjectThatNeverExpiresOfGenerationZero()
    {
        var (text, expiresAt, generation) = StoredPropertiesText.Parse("""{"id":"session","_etag":"\"00\"","_ts":1}"""u8);

        Assert.Equal("{}", Encoding.UTF8.GetString(text.Span));
        Assert.Equal(SessionExpiry.Never, expiresAt);
        Assert.Equal(0, generation);
    }

    [Fact]
    public void PropertiesStoredAsAnythingButAStringAreRefused()
    {
        Assert.Throws<JsonException>(() => StoredPropertiesText.Parse("""{"properties":{"a":1}}"""u8));
    }
}
