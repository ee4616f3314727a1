using System.Text;

namespace ContextStore.Contract;

/// <summary>
/// Path segments as the client spelled them. Servers decode a path before routing but leave some escapes in place
/// (an encoded <c>/</c>, a byte that is not UTF-8), so a route value holding <c>%</c> cannot tell <c>%2F</c> from
/// <c>%252F</c>; the segment as sent, decoded exactly once (RFC 3986), can.
/// </summary>
public static class PathSegments
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The segment at <paramref name="index"/> of the path of <paramref name="rawTarget"/> (origin or absolute form,
    /// query left out, one trailing <c>/</c> ignored), as sent; null when the path has no such segment.
    /// </summary>
    public static string? Raw(string rawTarget, Index index)
    {
        var path = PathOf(rawTarget);
        var segments = path.Trim('/').Split('/');
        var offset = index.GetOffset(segments.Length);
        return offset >= 0 && offset < segments.Length ? segments[offset] : null;
    }

    /// <summary>
    /// The segment (or query component) percent-decoded once into UTF-8 text, <c>+</c> kept as itself; a stray
    /// <c>%</c> or bytes that are not UTF-8 are refused.
    /// </summary>
    public static string DecodeOnce(string segment, string what)
    {
        if (!segment.Contains('%'))
        {
            return segment;
        }

        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c != '%')
            {
                if (c < 0x80)
                {
                    bytes.Add((byte)c);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }

                continue;
            }

            if (i + 2 >= segment.Length || !char.IsAsciiHexDigit(segment[i + 1]) || !char.IsAsciiHexDigit(segment[i + 2]))
            {
                throw new InvalidRequestException(
                    $"Invalid {what}: a '%' must start an escape of two hex digits (send '%' as %25).");
            }

            bytes.Add((byte)Convert.ToInt32(segment.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidRequestException($"Invalid {what}: its percent-encoded bytes are not UTF-8 text.");
        }
    }

    private static string PathOf(string rawTarget)
    {
        var query = rawTarget.IndexOf('?');
        var target = query >= 0 ? rawTarget[..query] : rawTarget;
        if (target.StartsWith('/'))
        {
            return target;
        }

        // Absolute form (http://host/path): the path starts at the first '/' after the authority.
        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        var pathStart = scheme >= 0 ? target.IndexOf('/', scheme + 3) : -1;
        return pathStart >= 0 ? target[pathStart..] : "/";
    }
}
