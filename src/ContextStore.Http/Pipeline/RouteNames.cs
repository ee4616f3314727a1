using ContextStore.Names;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// Names as they arrive in the path and query. Routers leave an encoded slash (%2F) or backslash (%5C)
/// encoded, so one in a route value can only be a client's attempt at a name with a slash: refused.
/// </summary>
public static class RouteNames
{
    public const string DotSegmentMessage = "Invalid path: the segments '.' and '..' name no session or property.";

    public static string Account(string accountId) => ContextNames.ValidateAccountId(accountId);

    /// <summary>
    /// Refuses paths that would reach another resource than the one the client named. Servers drop <c>.</c> and
    /// <c>..</c> segments (also as <c>%2E</c>) before routing, so <c>/ns/%2E/properties</c> would write the namespace's
    /// own properties; and route literals match in any case, so <c>GET /ns/Properties/properties</c> would read the
    /// namespace property <c>properties</c> where PATCH on the same path names the session <c>Properties</c>.
    /// </summary>
    public static void EnsureAddressable(HttpRequest request)
    {
        if (HasDotSegment(request))
        {
            throw new InvalidRequestException(DotSegmentMessage);
        }

        // /v1/account/{accountId}/{ns}/{segment}/properties: the session route's reading of the same path.
        var path = request.Path.Value ?? "";
        if (!path.TrimEnd('/').EndsWith("properties/properties", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 6
            && segments[4].Equals("properties", StringComparison.OrdinalIgnoreCase) && segments[4] != "properties"
            && segments[5].Equals("properties", StringComparison.OrdinalIgnoreCase))
        {
            ContextNames.ValidateSessionId(segments[4]);
        }
    }

    /// <summary>Whether the path as the client sent it has a <c>.</c> or <c>..</c> segment, plain or percent-encoded.</summary>
    public static bool HasDotSegment(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (!target.Contains('.') && !target.Contains("%2e", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var query = target.IndexOf('?');
        var path = query >= 0 ? target[..query] : target;
        return path.Split('/').Any(segment =>
            segment.Length is > 0 and <= 6 && segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or "..");
    }

    public static string Namespace(string ns) => ContextNames.ValidateNamespace(ns);

    public static SessionKey Session(string accountId, string ns, string sessionId) =>
        new(accountId, Namespace(ns), ContextNames.ValidateSessionId(RefuseEncodedSeparators(sessionId, "sessionId")));

    public static string Property(string property) =>
        ContextNames.ValidatePropertyName(RefuseEncodedSeparators(property, "property name"));

    /// <summary><c>include=a,b</c> (and repeated <c>include</c>): the property names asked for, or null for all.</summary>
    public static IReadOnlyCollection<string>? Include(StringValues include)
    {
        if (include.Count == 0)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var value in include)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(ContextNames.ValidatePropertyName(name));
            }
        }

        return names;
    }

    private static string RefuseEncodedSeparators(string value, string what)
    {
        if (value.Contains("%2F", StringComparison.OrdinalIgnoreCase) || value.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"Invalid {what}: it contains an encoded '/' or '\\'.");
        }

        // Routers also leave a percent-encoded byte that is not valid UTF-8 (%FF, a lone %C3) encoded.
        for (var i = 0; i + 2 < value.Length; i++)
        {
            if (value[i] == '%' && value[i + 1] is >= '8' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f'
                && char.IsAsciiHexDigit(value[i + 2]))
            {
                throw new InvalidRequestException($"Invalid {what}: it contains a percent-encoded byte that is not UTF-8 text.");
            }
        }

        return value;
    }
}
