namespace ContextStore.Contract;

/// <summary>
/// Names as they arrive in a request's path and query, once decoded (<see cref="PathSegments.DecodeOnce"/>).
/// </summary>
public static class RequestNames
{
    public const string DotSegmentMessage = "Invalid path: the segments '.' and '..' name no session or property.";

    public static string Account(string accountId) => ContextNames.ValidateAccountId(accountId);

    public static string Namespace(string ns) => ContextNames.ValidateNamespace(ns);

    public static SessionKey Session(string accountId, string ns, string sessionId) =>
        new(accountId, Namespace(ns), ContextNames.ValidateSessionId(sessionId));

    public static string Property(string property) => ContextNames.ValidatePropertyName(property);

    /// <summary>
    /// <c>include=a,b</c> (and repeated <c>include</c>): the property names asked for, split on <c>,</c> only and
    /// taken exactly as given (whitespace is part of a name), or null for all (no <c>include</c> parameter at all).
    /// </summary>
    public static IReadOnlyCollection<string>? Include(IReadOnlyList<string?> include)
    {
        if (include.Count == 0)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var value in include)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(ContextNames.ValidatePropertyName(name));
            }
        }

        return names;
    }

    /// <summary>
    /// Route literals match in any case, so <c>GET /v1/account/{accountId}/{ns}/Properties/properties</c> would read
    /// the namespace property <c>properties</c> where PATCH on the same path names the session <c>Properties</c>: the
    /// session route's reading of <paramref name="path"/> must hold a valid session id, which such a spelling is not.
    /// </summary>
    public static void EnsureNoSessionNamedLikeARouteLiteral(string path)
    {
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

    /// <summary>
    /// Whether a request target as the client sent it (path and query, before any decoding) has a <c>.</c> or
    /// <c>..</c> path segment, plain or percent-encoded. Servers drop such segments before routing, so
    /// <c>/ns/%2E/properties</c> would reach the namespace's own properties instead of a session.
    /// </summary>
    public static bool HasDotSegment(string rawTarget)
    {
        // Every request passes here: a target without '.' or '%' (nearly all of them) is answered by one vectorized scan.
        if (rawTarget.AsSpan().IndexOfAny('.', '%') < 0
            || (!rawTarget.Contains('.') && !rawTarget.Contains("%2e", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var query = rawTarget.IndexOf('?');
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        return path.Split('/').Any(segment =>
            segment.Length is > 0 and <= 6 && segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or "..");
    }
}
