using ContextStore.Contract;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;

namespace ContextServer;

/// <summary>
/// Answers 400 to a path with a <c>.</c> or <c>..</c> segment before routing, which would otherwise see the path with
/// the segment already removed and could reach another resource, or none, than the one the client named.
/// </summary>
public sealed class DotSegmentRefusal(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        RouteNames.HasDotSegment(context.Request)
            ? ApiError.BadRequest(RequestNames.DotSegmentMessage).ExecuteAsync(context)
            : next(context);
}
