using System.Buffers;
using System.Text.Json;

namespace ContextKeys.JsonLines;

/// <summary>
/// Writes and reads the lines of an export. Properties are copied as their raw JSON text (line breaks between
/// tokens become spaces, so each record stays on one line); numbers keep their digits.
/// </summary>
public static class JsonLinesFormat
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    public static void Write(IBufferWriter<byte> output, JsonLinesRecord record)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            switch (record)
            {
                case NamespaceLine ns:
                    writer.WriteString("type", "namespace");
                    writer.WriteString("name", ns.Name);
                    writer.WriteBoolean("registered", ns.Registered);
                    WriteTtl(writer, ns.TtlSecond);
                    writer.WritePropertyName("properties");
                    writer.WriteRawValue(OneLine(ns.Properties).Span, skipInputValidation: true);
                    break;
                case SessionLine session:
                    writer.WriteString("type", "session");
                    writer.WriteString("namespace", session.Namespace);
                    writer.WriteString("sessionId", session.SessionId);
                    writer.WritePropertyName("properties");
                    writer.WriteRawValue(OneLine(session.Properties).Span, skipInputValidation: true);
                    WriteTtl(writer, session.TtlSecond);
                    break;
                default:
                    throw new ArgumentException($"Unknown record {record}.", nameof(record));
            }

            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <exception cref="InvalidDataException">The line is not a record of an export.</exception>
    public static JsonLinesRecord Read(ReadOnlyMemory<byte> line)
    {
        string? type = null, name = null, ns = null, sessionId = null;
        long? ttl = null;
        var registered = true;
        ReadOnlyMemory<byte> properties = "{}"u8.ToArray();
        try
        {
            var reader = new Utf8JsonReader(line.Span, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("a line must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "type": type = reader.GetString(); break;
                    case "name": name = reader.GetString(); break;
                    case "namespace": ns = reader.GetString(); break;
                    case "sessionId": sessionId = reader.GetString(); break;
                    case "registered": registered = reader.GetBoolean(); break;
                    case "ttlSecond": ttl = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                    case "properties":
                        var start = (int)reader.TokenStartIndex;
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new InvalidDataException("\"properties\" must be a JSON object");
                        }

                        reader.Skip();
                        properties = line[start..(int)reader.BytesConsumed];
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(e.Message, e);
        }

        return type switch
        {
            "namespace" => new NamespaceLine(name ?? throw Missing("name"), registered, ttl, properties),
            "session" => new SessionLine(ns ?? throw Missing("namespace"), sessionId ?? throw Missing("sessionId"), properties, ttl),
            _ => throw new InvalidDataException($"unknown \"type\" {type ?? "(none)"}"),
        };
    }

    private static void WriteTtl(Utf8JsonWriter writer, long? ttl)
    {
        if (ttl is { } value)
        {
            writer.WriteNumber("ttlSecond", value);
        }
        else
        {
            writer.WriteNull("ttlSecond");
        }
    }

    private static ReadOnlyMemory<byte> OneLine(ReadOnlyMemory<byte> json)
    {
        if (json.Span.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            return json;
        }

        // Inside JSON strings line breaks are always escaped, so a raw one is whitespace between tokens.
        var copy = json.ToArray();
        copy.AsSpan().Replace((byte)'\n', (byte)' ');
        copy.AsSpan().Replace((byte)'\r', (byte)' ');
        return copy;
    }

    private static InvalidDataException Missing(string name) => new($"the line has no \"{name}\"");
}
