using System.Text.Json;

namespace ContextKeys.Api;

/// <summary>
/// How to write a session's properties within the endpoint's request-body limit (1 MiB). A body that fits is one
/// PATCH, byte for byte as read. A larger one (a session written there by several PATCHes) is the same shallow merge
/// cut between top-level properties; a single property too large for a PATCH body goes alone as a PUT of its value.
/// </summary>
public static class PropertiesPatchPlan
{
    /// <summary>Bodies up to this size go as they are; a little under 1 MiB leaves room for the wrapping braces.</summary>
    public const int MaxBodyBytes = 1_000_000;

    /// <param name="PropertyName">Null: <see cref="Body"/> is a JSON object to PATCH; else the value of this property to PUT.</param>
    public sealed record Write(string? PropertyName, ReadOnlyMemory<byte> Body);

    public static IEnumerable<Write> Split(ReadOnlyMemory<byte> properties, int maxBodyBytes = MaxBodyBytes)
    {
        if (properties.Length <= maxBodyBytes)
        {
            return [new Write(null, properties)];
        }

        var writes = new List<Write>();
        var members = Members(properties);
        var batch = new List<ReadOnlyMemory<byte>>();
        var batchBytes = 2;
        foreach (var (name, member, value) in members)
        {
            if (member.Length + 2 > maxBodyBytes)
            {
                writes.Add(new Write(name, value));
                continue;
            }

            if (batchBytes + member.Length + 1 > maxBodyBytes)
            {
                writes.Add(new Write(null, Object(batch)));
                batch.Clear();
                batchBytes = 2;
            }

            batch.Add(member);
            batchBytes += member.Length + 1;
        }

        if (batch.Count > 0)
        {
            writes.Add(new Write(null, Object(batch)));
        }

        return writes;
    }

    /// <summary>Each top-level member as its raw text <c>"name":value</c>, with the name and the value's raw text.</summary>
    private static List<(string Name, ReadOnlyMemory<byte> Member, ReadOnlyMemory<byte> Value)> Members(ReadOnlyMemory<byte> properties)
    {
        var members = new List<(string, ReadOnlyMemory<byte>, ReadOnlyMemory<byte>)>();
        var reader = new Utf8JsonReader(properties.Span, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("A session's properties are not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var memberStart = (int)reader.TokenStartIndex;
            var name = reader.GetString()!;
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            members.Add((name, properties[memberStart..end], properties[valueStart..end]));
        }

        return members;
    }

    private static ReadOnlyMemory<byte> Object(List<ReadOnlyMemory<byte>> members)
    {
        var length = 2 + members.Sum(m => m.Length) + Math.Max(0, members.Count - 1);
        var body = new byte[length];
        var at = 0;
        body[at++] = (byte)'{';
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            members[i].Span.CopyTo(body.AsSpan(at));
            at += members[i].Length;
        }

        body[at] = (byte)'}';
        return body;
    }
}
