using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextStore.Cosmos;

/// <summary>
/// Reads a stored <c>properties</c> object with a single parse, so its values are elements of one document.
/// The default converter parses every value into a document of its own, which was most of a read's cost.
/// </summary>
public sealed class PropertiesJsonConverter : JsonConverter<Dictionary<string, JsonElement>>
{
    public override Dictionary<string, JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // ParseValue copies the object into a document that needs no disposing, so the values outlive the read.
        var properties = JsonElement.ParseValue(ref reader);
        if (properties.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A stored properties value must be a JSON object, not {properties.ValueKind}.");
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in properties.EnumerateObject())
        {
            result[property.Name] = property.Value;
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, JsonElement> value, JsonSerializerOptions options) =>
        WriteObject(writer, value);

    /// <summary>Writes properties as one JSON object, escaped as the writer's encoder says.</summary>
    public static void WriteObject(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> properties)
    {
        writer.WriteStartObject();
        foreach (var (name, element) in properties)
        {
            writer.WritePropertyName(name);
            element.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
