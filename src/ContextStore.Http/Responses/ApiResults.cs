using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Responses;

/// <summary>The success answers of the contract.</summary>
public static class ApiResults
{
    public static IResult Json<T>(T body) => TypedResults.Json(body, ContextJson.Options);

    /// <summary>A JSON body with the session's version in <c>ETag</c>.</summary>
    public static IResult Json<T>(T body, string etag) => new WithETag(TypedResults.Json(body, ContextJson.Options), etag);

    public static IResult NoContent() => TypedResults.NoContent();

    /// <summary>204 for a saved write (with the new ETag), 412 or 413 otherwise.</summary>
    public static IResult From(WriteResult result) => result.Status switch
    {
        WriteStatus.Saved => new WithETag(TypedResults.NoContent(), result.ETag!),
        WriteStatus.VersionMismatch => ApiError.PreconditionFailed,
        WriteStatus.DocumentTooLarge => ApiError.DocumentTooLarge,
        _ => throw new InvalidOperationException($"Unknown write status {result.Status}."),
    };

    private sealed class WithETag(IResult inner, string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = SessionVersions.Quoted(etag);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
