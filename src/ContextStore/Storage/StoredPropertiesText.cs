using System.Text.Json;

namespace ContextStore.Storage;

/// <summary>
/// What S3 needs of a session document: its properties text as UTF-8, when it expires, the namespace generation it
/// was written in, and its version. The text is unescaped straight out of the bytes Cosmos DB sent, so a read builds no
/// document, no .NET string and no second copy.
/// </summary>
public sealed record StoredPropertiesText(ReadOnlyMemory<byte> Utf8Json, long ExpiresAt, int Generation, string ETag)
{
    /// <summary>Set when read: the namespace was deleted after the session was written (<see cref="SessionDocument.InDeletedNamespace"/>).</summary>
    public bool InDeletedNamespace { get; init; }

    /// <summary>Whether the session exists for readers: neither expired nor deleted with its namespace.</summary>
    public bool IsLive(DateTimeOffset now) => !InDeletedNamespace && SessionExpiry.IsLive(ExpiresAt, now);

    /// <summary>The properties text of a session without properties.</summary>
    public static ReadOnlyMemory<byte> EmptyObject { get; } = "{}"u8.ToArray();

    /// <summary>The <c>properties</c> string unescaped, <c>expiresAt</c> and <c>generation</c> of a session document; their defaults when absent.</summary>
    public static (ReadOnlyMemory<byte> Properties, long ExpiresAt, int Generation) Parse(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A session document must be a JSON object.");
        }

        ReadOnlyMemory<byte> properties = EmptyObject;
        var expiresAt = SessionExpiry.Never;
        var generation = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                properties = reader.TokenType == JsonTokenType.String
                    ? Unescaped(ref reader)
                    : throw new JsonException($"Stored properties must be a JSON string, not {reader.TokenType}.");
            }
            else if (reader.ValueTextEquals("expiresAt"u8))
            {
                reader.Read();
                expiresAt = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("generation"u8))
            {
                reader.Read();
                generation = reader.GetInt32();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (properties, expiresAt, generation);
    }

    private static ReadOnlyMemory<byte> Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.ToArray();
        }

        // Unescaping never lengthens the text.
        var text = new byte[reader.ValueSpan.Length];
        return text.AsMemory(0, reader.CopyString(text));
    }
}
