using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContextStore.Cosmos;

namespace ContextStore.Sessions;

/// <summary>Measures a session's properties as the contract counts them: characters of compact JSON.</summary>
public static class SessionPropertiesSize
{
    // Relaxed escaping writes non-ASCII text as itself, as JSON.stringify does, so "é" counts as one character.
    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static int CharacterCount(IReadOnlyDictionary<string, JsonElement> properties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            PropertiesJsonConverter.WriteObject(writer, properties);
        }

        return Encoding.UTF8.GetCharCount(buffer.WrittenSpan);
    }

    public static bool IsWithinLimit(IReadOnlyDictionary<string, JsonElement> properties) =>
        CharacterCount(properties) <= Names.ContextLimits.MaxSessionPropertiesCharacters;
}
