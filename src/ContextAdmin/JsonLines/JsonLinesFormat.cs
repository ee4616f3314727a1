using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ContextAdmin.JsonLines;

/// <summary>
/// Writes and reads the lines of an export. Properties are copied as their raw JSON text (line breaks between
/// tokens become spaces, so each record stays on one line); numbers keep their digits. Reading is strict: a line is
/// exactly one JSON object of a known type with each of its fields once, and nothing after it.
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
                case HeaderLine header:
                    writer.WriteString("type", "header");
                    writer.WriteString("format", HeaderLine.Format);
                    writer.WriteNumber("version", header.Version);
                    writer.WriteString("source", header.Source);
                    writer.WriteString("account", header.Account);
                    writer.WriteString("exportedAt", header.ExportedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    break;
                case NamespaceLine ns:
                    writer.WriteString("type", "namespace");
                    writer.WriteString("name", ns.Name);
                    writer.WriteBoolean("registered", ns.Registered);
                    if (ns.TtlSecond is { } nsTtl)
                    {
                        writer.WriteNumber("ttlSecond", nsTtl);
                    }
                    else
                    {
                        writer.WriteNull("ttlSecond");
                    }

                    writer.WritePropertyName("properties");
                    writer.WriteRawValue(OneLine(ns.Properties).Span, skipInputValidation: true);
                    break;
                case SessionTtlLine ttl:
                    writer.WriteString("type", "sessionTtl");
                    writer.WriteString("namespace", ttl.Namespace);
                    writer.WriteString("sessionId", ttl.SessionId);
                    writer.WriteNumber("ttlSecond", ttl.TtlSecond);
                    break;
                case SessionLine session:
                    writer.WriteString("type", "session");
                    writer.WriteString("namespace", session.Namespace);
                    writer.WriteString("sessionId", session.SessionId);
                    writer.WritePropertyName("properties");
                    writer.WriteRawValue(OneLine(session.Properties).Span, skipInputValidation: true);
                    if (session.TtlSecond is { } sessionTtl)
                    {
                        writer.WriteNumber("ttlSecond", sessionTtl);
                    }

                    break;
                case TrailerLine trailer:
                    writer.WriteString("type", "trailer");
                    writer.WriteNumber("namespaces", trailer.Namespaces);
                    writer.WriteNumber("sessions", trailer.Sessions);
                    writer.WriteNumber("sessionTtls", trailer.SessionTtls);
                    writer.WriteNumber("records", trailer.Records);
                    writer.WriteString("sha256", trailer.Sha256);
                    break;
                default:
                    throw new ArgumentException($"Unknown record {record}.", nameof(record));
            }

            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <exception cref="InvalidDataException">The line is not exactly one record of an export.</exception>
    public static JsonLinesRecord Read(ReadOnlyMemory<byte> line)
    {
        var fields = new Fields(line);
        try
        {
            var reader = new Utf8JsonReader(line.Span, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("a line must be one JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                fields.Add(name, ref reader);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
            {
                throw new InvalidDataException("a line must hold one JSON object and nothing after it");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"a line must be one JSON object and nothing after it: {e.Message}", e);
        }

        return fields.Record();
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

    /// <summary>The fields of one line, each at most once, then the record their type makes.</summary>
    private sealed class Fields(ReadOnlyMemory<byte> line)
    {
        private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

        public void Add(string name, ref Utf8JsonReader reader)
        {
            if (_values.ContainsKey(name))
            {
                throw new InvalidDataException($"the field \"{name}\" appears twice");
            }

            _values[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => reader.GetInt64(),
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Null => null,
                JsonTokenType.StartObject => Raw(ref reader),
                _ => throw new InvalidDataException($"the field \"{name}\" has a value of the wrong kind"),
            };
        }

        public JsonLinesRecord Record()
        {
            var type = Get<string>("type");
            JsonLinesRecord record = type switch
            {
                "header" => Header(),
                "namespace" => new NamespaceLine(Get<string>("name"), Get<bool>("registered"), Optional<long>("ttlSecond"), Properties()),
                "sessionTtl" => new SessionTtlLine(Get<string>("namespace"), Get<string>("sessionId"), Get<long>("ttlSecond")),
                "session" => new SessionLine(Get<string>("namespace"), Get<string>("sessionId"), Properties(), Optional<long>("ttlSecond")),
                "trailer" => new TrailerLine(Get<long>("namespaces"), Get<long>("sessions"), Get<long>("sessionTtls"), Get<long>("records"), Get<string>("sha256")),
                _ => throw new InvalidDataException($"unknown \"type\" {type}"),
            };
            if (_values.Count > 0)
            {
                throw new InvalidDataException($"a {type} line has no field \"{_values.Keys.First()}\"");
            }

            return record;
        }

        private HeaderLine Header()
        {
            if (Get<string>("format") != HeaderLine.Format)
            {
                throw new InvalidDataException($"the header's \"format\" is not {HeaderLine.Format}");
            }

            var exportedAt = Get<string>("exportedAt");
            if (!DateTimeOffset.TryParse(exportedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                throw new InvalidDataException($"the header's \"exportedAt\" '{exportedAt}' is not a time");
            }

            return new HeaderLine((int)Get<long>("version"), Get<string>("source"), Get<string>("account"), when);
        }

        private ReadOnlyMemory<byte> Properties() => Get<ReadOnlyMemory<byte>>("properties");

        private ReadOnlyMemory<byte> Raw(ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            return line[start..(int)reader.BytesConsumed];
        }

        private T Get<T>(string name) =>
            _values.Remove(name, out var value) && value is T typed ? typed : throw new InvalidDataException($"the line has no \"{name}\" of the right kind");

        private T? Optional<T>(string name)
            where T : struct =>
            !_values.Remove(name, out var value) || value is null ? null
            : value is T typed ? typed : throw new InvalidDataException($"the line's \"{name}\" is not of the right kind");
    }
}
