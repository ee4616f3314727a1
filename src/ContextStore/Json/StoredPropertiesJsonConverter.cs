using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextStore.Json;

/// <summary>
/// Stores <see cref="StoredProperties"/> in a session document as one JSON string. Cosmos DB would keep a native
/// object's numbers as doubles and count its nesting against its own depth limit; a string keeps the text as sent.
/// The string is escaped as <c>JSON.stringify</c> escapes it (raw UTF-8 otherwise), so the document is no larger
/// than the text needs: the serializer's own escaping writes non-ASCII text as \uXXXX, up to six bytes a character.
/// </summary>
public sealed class StoredPropertiesJsonConverter : JsonConverter<StoredProperties>
{
    public override StoredProperties Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? StoredProperties.FromStoredJson(reader.GetString()!)
            : throw new JsonException($"Stored properties must be a JSON string, not {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, StoredProperties value, JsonSerializerOptions options)
    {
        var token = new StringBuilder(value.Json.Length + 64);
        CompactJson.AppendString(token, value.Json);
        // Transcoded straight into the writer's buffer; the escaping above leaves no lone surrogate to transcode.
        writer.WriteRawValue(token.ToString(), skipInputValidation: true);
    }
}
