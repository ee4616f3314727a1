using ContextStore.Contract;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ContextStore.Http.Pipeline;

/// <summary>Applies the path rules of <see cref="RequestNames"/> to an <see cref="HttpRequest"/>: its raw target and its path.</summary>
public static class RouteNames
{
    /// <summary>Refuses paths that would reach another resource than the one the client named.</summary>
    public static void EnsureAddressable(HttpRequest request)
    {
        if (HasDotSegment(request))
        {
            throw new InvalidRequestException(RequestNames.DotSegmentMessage);
        }

        RequestNames.EnsureNoSessionNamedLikeARouteLiteral(request.Path.Value ?? "");
    }

    /// <summary>
    /// The session named by the route value <paramref name="sessionId"/>, found at <paramref name="segment"/> of the
    /// path and decoded exactly once from the client's spelling.
    /// </summary>
    public static SessionKey Session(HttpRequest request, string accountId, string ns, string sessionId, Index segment) =>
        RequestNames.Session(accountId, ns, DecodedOnce(request, sessionId, segment, "sessionId"));

    /// <summary>The property named by the last segment of the path, decoded exactly once from the client's spelling.</summary>
    public static string Property(HttpRequest request, string property) =>
        RequestNames.Property(DecodedOnce(request, property, ^1, "property name"));

    /// <summary>
    /// <c>include</c>, from the query as the client sent it: each value decoded exactly once as a path segment is
    /// (<c>+</c> is a plus, not a space), so a name is spelled the same way in the path and in <c>include</c>.
    /// </summary>
    public static IReadOnlyCollection<string>? Include(HttpRequest request)
    {
        // Most reads have no query at all: no query collection is parsed for them.
        if (!request.QueryString.HasValue || !request.Query.ContainsKey("include"))
        {
            return null;
        }

        var values = new List<string?>();
        foreach (var pair in (request.QueryString.Value ?? "").TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=');
            if (IsInclude(equals >= 0 ? pair[..equals] : pair))
            {
                values.Add(equals >= 0 ? PathSegments.DecodeOnce(pair[(equals + 1)..], "include") : "");
            }
        }

        return RequestNames.Include(values);
    }

    /// <summary>Whether a query key as sent names <c>include</c>; another parameter's spelling is not this operation's concern.</summary>
    private static bool IsInclude(string rawKey)
    {
        try
        {
            return PathSegments.DecodeOnce(rawKey, "query parameter").Equals("include", StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// A route value without <c>%</c> is what decoding the segment once gives; one with <c>%</c> may have been
    /// left encoded by the server (or decoded from <c>%25</c>), so the segment as sent is decoded instead.
    /// </summary>
    private static string DecodedOnce(HttpRequest request, string routeValue, Index segment, string what)
    {
        if (!routeValue.Contains('%'))
        {
            return routeValue;
        }

        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var raw = PathSegments.Raw(rawTarget, segment)
            ?? throw new InvalidRequestException($"Invalid {what}: the path does not hold it where the route does.");
        return PathSegments.DecodeOnce(raw, what);
    }

    /// <summary>Whether the path as the client sent it has a <c>.</c> or <c>..</c> segment, plain or percent-encoded.</summary>
    public static bool HasDotSegment(HttpRequest request) =>
        RequestNames.HasDotSegment(request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "");
}
