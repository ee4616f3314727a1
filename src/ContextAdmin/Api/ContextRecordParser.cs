using System.Text.Json;

namespace ContextAdmin.Api;

/// <summary>
/// Reads the elements of N2, T2, L1 and L2 answers; property values stay raw JSON text, never a double. An element
/// that is not what the contract lists is an <see cref="InvalidDataException"/>.
/// </summary>
public static class ContextRecordParser
{
    public static NamespaceRecord Namespace(ReadOnlySpan<byte> element)
    {
        string? name = null;
        long? ttl = null;
        try
        {
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
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Malformed("namespace", e);
        }

        return new NamespaceRecord(name ?? throw Missing("name"), ttl);
    }

    public static SessionTtlRecord SessionTtl(ReadOnlySpan<byte> element)
    {
        string? id = null;
        long? ttl = null;
        try
        {
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
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Malformed("session TTL", e);
        }

        return new SessionTtlRecord(id ?? throw Missing("sessionId"), ttl ?? throw Missing("ttlSecond"));
    }

    /// <summary>An L1 element: a session id.</summary>
    public static string SessionId(ReadOnlySpan<byte> element)
    {
        var reader = new Utf8JsonReader(element);
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw new InvalidDataException("Expected a session id (a JSON string) in the listing.");
        }

        return reader.GetString()!;
    }

    /// <summary>An L2 element; <see cref="SessionRecord.Properties"/> is a slice of <paramref name="element"/>.</summary>
    public static SessionRecord Session(ReadOnlyMemory<byte> element)
    {
        string? id = null;
        ReadOnlyMemory<byte>? properties = null;
        try
        {
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
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new InvalidDataException("A listed session's \"properties\" is not a JSON object.");
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    properties = element[start..(int)reader.BytesConsumed];
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Malformed("session", e);
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

    private static InvalidDataException Malformed(string what, Exception e) => new($"A listed {what} is not what the contract lists: {e.Message}", e);

    private static InvalidDataException Missing(string name) => new($"A listing element has no \"{name}\".");
}
