using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ContextStore.Json;

/// <summary>
/// Writes JSON as JavaScript's <c>JSON.stringify</c> does (no whitespace; only <c>"</c>, <c>\</c> and control
/// characters escaped), except that numbers keep the digits they were sent with. The contract counts a session's
/// size in this form, so the text that is stored is the text that is counted.
/// </summary>
public static class CompactJson
{
    /// <summary><c>"</c>, <c>\</c>, control characters and surrogates: every character <see cref="EscapeOf"/> may escape.</summary>
    private static readonly SearchValues<char> MayNeedEscaping = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\" +
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    public static string Write(JsonElement element)
    {
        var text = new StringBuilder();
        Append(text, element);
        return text.ToString();
    }

    public static void Append(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var firstMember = true;
                foreach (var member in element.EnumerateObject())
                {
                    if (!firstMember)
                    {
                        text.Append(',');
                    }

                    firstMember = false;
                    AppendString(text, member.Name);
                    text.Append(':');
                    Append(text, member.Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        text.Append(',');
                    }

                    firstItem = false;
                    Append(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                // The token as sent: 12345678901234567890, 1e400, 1.50 and -0 stay exactly as written.
                text.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new ArgumentException($"A JSON value was expected, not {element.ValueKind}.", nameof(element));
        }
    }

    /// <summary>A JSON string token for <paramref name="value"/>, escaped as <c>JSON.stringify</c> escapes it.</summary>
    public static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        var start = 0;
        // Text up to the first character that may need escaping is copied as it is, without a look at each character.
        var first = value.AsSpan().IndexOfAny(MayNeedEscaping);
        for (var i = first < 0 ? value.Length : first; i < value.Length; i++)
        {
            var escape = EscapeOf(value, i);
            if (escape is null)
            {
                continue;
            }

            text.Append(value, start, i - start).Append(escape);
            start = i + 1;
        }

        text.Append(value, start, value.Length - start).Append('"');
    }

    private static string? EscapeOf(string value, int index)
    {
        var c = value[index];
        return c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            < ' ' => Unicode(c),
            _ when char.IsHighSurrogate(c) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]) => null,
            _ when char.IsLowSurrogate(c) && index > 0 && char.IsHighSurrogate(value[index - 1]) => null,
            _ when char.IsSurrogate(c) => Unicode(c),
            _ => null,
        };
    }

    private static string Unicode(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
}
