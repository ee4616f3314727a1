namespace ContextStore.Sessions;

/// <summary>
/// An If-Match field value as RFC 9110 (§13.1.1, §8.8.3) defines it: <c>*</c>, or a comma-separated list of
/// entity tags <c>"opaque"</c> or <c>W/"opaque"</c>; several If-Match lines arrive joined by commas. A value
/// that is neither is malformed, and a malformed condition matches nothing: a write is never made on a
/// condition that could not be understood.
/// </summary>
public sealed class IfMatchCondition
{
    private IfMatchCondition(bool matchesAnyVersion, IReadOnlyList<EntityTag> tags)
    {
        MatchesAnyVersion = matchesAnyVersion;
        Tags = tags;
    }

    /// <summary><c>*</c>: true when the resource exists, whatever its version.</summary>
    public bool MatchesAnyVersion { get; }

    /// <summary>The listed entity tags, in order; empty for <c>*</c> and for a malformed value.</summary>
    public IReadOnlyList<EntityTag> Tags { get; }

    public static IfMatchCondition Parse(string fieldValue)
    {
        if (fieldValue.Trim(' ', '\t') == "*")
        {
            return new IfMatchCondition(true, []);
        }

        return new IfMatchCondition(false, ParseList(fieldValue) ?? []);
    }

    /// <summary>
    /// Whether a resource whose current entity tag is <paramref name="current"/> (null: no resource) passes:
    /// <c>*</c> when it exists; a list when any listed tag is strongly equal to the current one — neither
    /// weak, and the same opaque tag character for character.
    /// </summary>
    public bool IsMetBy(string? current)
    {
        if (current is null)
        {
            return false;
        }

        return MatchesAnyVersion || Tags.Any(tag => !tag.IsWeak && string.Equals(tag.OpaqueTag, current, StringComparison.Ordinal));
    }

    /// <summary>RFC 9110 §5.6.1 list: empty elements and optional whitespace around commas are allowed; null when malformed.</summary>
    private static List<EntityTag>? ParseList(string value)
    {
        var tags = new List<EntityTag>();
        var position = 0;
        while (true)
        {
            while (position < value.Length && (value[position] is ',' or ' ' or '\t'))
            {
                position++;
            }

            if (position == value.Length)
            {
                return tags.Count == 0 ? null : tags;
            }

            var tag = ParseEntityTag(value, ref position);
            if (tag is null)
            {
                return null;
            }

            tags.Add(tag.Value);
            while (position < value.Length && (value[position] is ' ' or '\t'))
            {
                position++;
            }

            if (position < value.Length && value[position] != ',')
            {
                return null;
            }
        }
    }

    /// <summary>entity-tag = [ %s"W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text.</summary>
    private static EntityTag? ParseEntityTag(string value, ref int position)
    {
        var isWeak = string.CompareOrdinal(value, position, "W/", 0, 2) == 0;
        var start = isWeak ? position + 2 : position;
        if (start >= value.Length || value[start] != '"')
        {
            return null;
        }

        var end = start + 1;
        while (end < value.Length && IsETagCharacter(value[end]))
        {
            end++;
        }

        if (end >= value.Length || value[end] != '"')
        {
            return null;
        }

        position = end + 1;
        return new EntityTag(value[start..position], isWeak);
    }

    private static bool IsETagCharacter(char c) => c == '\x21' || c is >= '\x23' and <= '\x7E' || c >= '\x80';
}
