using System.Text.Json;

namespace ContextKeys.Api;

/// <summary>Reads the elements of N2, T2 and L2 answers; property values stay raw JSON text, never a double.</summary>
public static class ContextRecordParser
{
    public static NamespaceRecord Namespace(ReadOnlySpan<byte> element)
    {
        string? name = null;
        long? ttl = null;
        var reader = Start(element);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("ttlSecond"u8))
            {
                reader.Read();
                ttl = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return new NamespaceRecord(name ?? throw Missing("name"), ttl);
    }

    public static SessionTtlRecord SessionTtl(ReadOnlySpan<byte> element)
    {
        string? id = null;
        long ttl = 0;
        var reader = Start(element);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("sessionId"u8))
            {
                reader.Read();
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("ttlSecond"u8))
            {
                reader.Read();
                ttl = reader.GetInt64();
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return new SessionTtlRecord(id ?? throw Missing("sessionId"), ttl);
    }

    /// <summary>An L2 element; <see cref="SessionRecord.Properties"/> is a slice of <paramref name="element"/>.</summary>
    public static SessionRecord Session(ReadOnlyMemory<byte> element)
    {
        string? id = null;
        ReadOnlyMemory<byte>? properties = null;
        var reader = Start(element.Span);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("sessionId"u8))
            {
                reader.Read();
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                properties = element[start..(int)reader.BytesConsumed];
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return new SessionRecord(id ?? throw Missing("sessionId"), properties ?? throw Missing("properties"));
    }

    private static Utf8JsonReader Start(ReadOnlySpan<byte> element)
    {
        var reader = new Utf8JsonReader(element, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("Expected a JSON object in the listing.");
        }

        return reader;
    }

    private static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static InvalidDataException Missing(string name) => new($"A listing element has no \"{name}\".");
}
