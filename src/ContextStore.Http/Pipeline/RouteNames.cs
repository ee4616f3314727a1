using ContextStore.Names;
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

    /// <summary>Whether the path as the client sent it has a <c>.</c> or <c>..</c> segment, plain or percent-encoded.</summary>
    public static bool HasDotSegment(HttpRequest request) =>
        RequestNames.HasDotSegment(request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "");
}
