using System.Text;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Responses;

/// <summary>The success answers of the contract.</summary>
public static class ApiResults
{
    public static IResult Json<T>(T body) => new JsonResult<T>(body, ETag: null);

    /// <summary>A JSON body with the session's version in <c>ETag</c>.</summary>
    public static IResult Json<T>(T body, string etag) => new JsonResult<T>(body, etag);

    /// <summary>JSON text as stored, copied out with the session's version in <c>ETag</c>.</summary>
    public static IResult StoredJson(string json, string etag) => new StoredJsonResult(Encoding.UTF8.GetBytes(json), etag);

    /// <summary>JSON text as stored, already UTF-8, with the session's version in <c>ETag</c>.</summary>
    public static IResult StoredJson(ReadOnlyMemory<byte> utf8Json, string etag) => new StoredJsonResult(utf8Json, etag);

    public static IResult NoContent() => TypedResults.NoContent();

    /// <summary>
    /// For a client that has gone away: the connection is ended rather than answered, so the server does not try to
    /// read the rest of a body that will never come; logged as 499, the client's doing.
    /// </summary>
    public static IResult ClientClosedRequest { get; } = new ClientClosedRequestResult();

    /// <summary>
    /// <paramref name="result"/>, with <paramref name="lease"/> disposed once it has been executed (its answer written,
    /// or failed to be): a request keeps its account's turn until then.
    /// </summary>
    public static IResult ReleasingAfterExecution(IResult result, IDisposable lease) => new LeaseReleasingResult(result, lease);

    /// <summary>204 for a saved write (with the new ETag when the write has one of its own), 412 or 413 otherwise.</summary>
    public static IResult From(WriteResult result) => result.Status switch
    {
        WriteStatus.Saved => new SavedResult(result.ETag),
        WriteStatus.VersionMismatch => ApiError.PreconditionFailed,
        WriteStatus.DocumentTooLarge => ApiError.DocumentTooLarge,
        _ => throw new InvalidOperationException($"Unknown write status {result.Status}."),
    };

    private sealed record JsonResult<T>(T Body, string? ETag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (ETag is not null)
            {
                httpContext.Response.Headers.ETag = SessionVersions.Quoted(ETag);
            }

            return JsonBody.WriteAsync(httpContext.Response, Body, httpContext.RequestAborted);
        }
    }

    private sealed record StoredJsonResult(ReadOnlyMemory<byte> Utf8Json, string ETag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = SessionVersions.Quoted(ETag);
            return JsonBody.WriteUtf8Async(httpContext.Response, Utf8Json, httpContext.RequestAborted);
        }
    }

    private sealed record SavedResult(string? ETag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status204NoContent;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status204NoContent;
            if (ETag is not null)
            {
                httpContext.Response.Headers.ETag = SessionVersions.Quoted(ETag);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Executes the operation's answer, then releases the lease. An answer whose writing completes at once (nearly all of
    /// them: Kestrel buffers the body) releases it without a state machine.
    /// </summary>
    private sealed class LeaseReleasingResult(IResult result, IDisposable lease) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (result as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            Task executed;
            try
            {
                executed = result.ExecuteAsync(httpContext);
            }
            catch
            {
                lease.Dispose();
                throw;
            }

            if (executed.IsCompleted)
            {
                lease.Dispose();
                return executed;
            }

            return ReleaseWhenDoneAsync(executed);
        }

        private async Task ReleaseWhenDoneAsync(Task executed)
        {
            try
            {
                await executed;
            }
            finally
            {
                lease.Dispose();
            }
        }
    }

    private sealed class ClientClosedRequestResult : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status499ClientClosedRequest;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            httpContext.Abort();
            return Task.CompletedTask;
        }
    }
}
