using System.Text.Json;
using ContextStore.Contract;

namespace ContextAdmin.Api;

/// <summary>
/// How to write a session's properties with requests the target's contract accepts: a body of at most 1 MiB nested
/// at most 64 levels, and property names it allows. Properties that fit are one PATCH, byte for byte as read.
/// Otherwise the same shallow merge goes in several requests in the source's order of the properties (the target
/// keeps the order in which properties arrive): PATCHes cut between top-level properties, and a property too large
/// or too deep for a PATCH body goes alone as a PUT of its value (one level less deep than inside the object).
/// </summary>
public static class PropertiesWritePlan
{
    /// <summary>PATCH bodies stay under this size.</summary>
    public const int MaxPatchBodyBytes = 1_000_000;

    /// <summary>A PUT body (one property's value) may be as large as the target's request limit.</summary>
    public const int MaxPutBodyBytes = ContextLimits.MaxRequestBodyBytes;

    /// <param name="PropertyName">Null: <see cref="Body"/> is a JSON object to PATCH; else the value of this property to PUT.</param>
    public sealed record Write(string? PropertyName, ReadOnlyMemory<byte> Body);

    /// <exception cref="UnmovablePropertiesException">A property name, size or depth that no request can carry.</exception>
    public static IReadOnlyList<Write> Plan(ReadOnlyMemory<byte> properties, int maxPatchBodyBytes = MaxPatchBodyBytes)
    {
        var members = Members(properties);
        foreach (var member in members)
        {
            if (TargetNames.PropertyNameProblem(member.Name) is { } problem)
            {
                throw new UnmovablePropertiesException(problem);
            }
        }

        var objectLevels = 1 + members.Select(m => m.ValueLevels).DefaultIfEmpty(0).Max();
        if (properties.Length <= maxPatchBodyBytes && objectLevels <= ContextLimits.MaxJsonDepth)
        {
            return [new Write(null, properties)];
        }

        var writes = new List<Write>();
        var batch = new List<ReadOnlyMemory<byte>>();
        var batchBytes = 2;
        foreach (var member in members)
        {
            if (member.Raw.Length + 2 > maxPatchBodyBytes || 1 + member.ValueLevels > ContextLimits.MaxJsonDepth)
            {
                EnsurePuttable(member);
                Flush(writes, batch, ref batchBytes);
                writes.Add(new Write(member.Name, member.Value));
                continue;
            }

            if (batchBytes + member.Raw.Length + 1 > maxPatchBodyBytes)
            {
                Flush(writes, batch, ref batchBytes);
            }

            batch.Add(member.Raw);
            batchBytes += member.Raw.Length + 1;
        }

        Flush(writes, batch, ref batchBytes);
        return writes;
    }

    private sealed record Member(string Name, ReadOnlyMemory<byte> Raw, ReadOnlyMemory<byte> Value, int ValueLevels);

    private static void EnsurePuttable(Member member)
    {
        if (member.Value.Length > MaxPutBodyBytes)
        {
            throw new UnmovablePropertiesException(
                $"property '{member.Name}' is {member.Value.Length} bytes of JSON, more than one request may carry ({MaxPutBodyBytes} bytes)");
        }

        if (member.ValueLevels > ContextLimits.MaxJsonDepth)
        {
            throw new UnmovablePropertiesException(
                $"property '{member.Name}' is nested {member.ValueLevels} levels deep, more than a request may be ({ContextLimits.MaxJsonDepth})");
        }
    }

    private static void Flush(List<Write> writes, List<ReadOnlyMemory<byte>> batch, ref int batchBytes)
    {
        if (batch.Count > 0)
        {
            writes.Add(new Write(null, Object(batch)));
            batch.Clear();
        }

        batchBytes = 2;
    }

    /// <summary>Each top-level member as its raw text <c>"name":value</c>, with its name, its value's raw text and its nesting.</summary>
    private static List<Member> Members(ReadOnlyMemory<byte> properties)
    {
        var members = new List<Member>();
        try
        {
            var reader = new Utf8JsonReader(properties.Span, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UnmovablePropertiesException("the session's properties are not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var memberStart = (int)reader.TokenStartIndex;
                var name = reader.GetString()!;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                var levels = ValueLevels(ref reader);
                var end = (int)reader.BytesConsumed;
                members.Add(new Member(name, properties[memberStart..end], properties[valueStart..end], levels));
            }
        }
        catch (JsonException e)
        {
            throw new UnmovablePropertiesException($"the session's properties are not valid JSON: {e.Message}");
        }

        return members;
    }

    /// <summary>How many objects and arrays the value at the reader nests (0 for a string, number, true, false or null); reads to its end.</summary>
    private static int ValueLevels(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return 0;
        }

        var startDepth = reader.CurrentDepth;
        var levels = 1;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                levels = Math.Max(levels, reader.CurrentDepth - startDepth + 1);
            }
            else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == startDepth)
            {
                break;
            }
        }

        return levels;
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
