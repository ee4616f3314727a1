using System.Text;
using ContextStore.Cosmos;
using ContextStore.Json;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Responses;

/// <summary>
/// L2's answer, <c>[{"sessionId":"s1","properties":{…}}]</c>, written while the sessions are read: each session's
/// stored properties are copied out as they stand, and no more than one buffer of the answer is held at once.
/// </summary>
public sealed class SessionsWithPropertiesResult(IAsyncEnumerable<ListedSession> sessions, ILogger logger) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonBody.ContentType;
        using var body = new Utf8ResponseBuffer(response);
        try
        {
            var separator = "[";
            await foreach (var session in sessions.WithCancellation(cancellationToken))
            {
                await body.AppendAsync(separator + "{\"sessionId\":" + JsonString(session.SessionId) + ",\"properties\":", cancellationToken);
                await body.AppendAsync(session.Properties.Json, cancellationToken);
                await body.AppendAsync("}", cancellationToken);
                separator = ",";
            }

            await body.AppendAsync(separator == "[" ? "[]" : "]", cancellationToken);
            await body.CompleteAsync(cancellationToken);
        }
        catch (StoreUnavailableException e) when (!body.HasStarted)
        {
            logger.LogWarning("Cosmos DB unavailable while listing sessions: {Reason}", e.Message);
            response.ContentLength = null;
            await ApiError.ServiceUnavailable("The context store is temporarily unavailable; try again shortly.", e.RetryAfter)
                .ExecuteAsync(httpContext);
        }
        catch (Exception e) when (!body.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "Listing sessions failed");
            response.ContentLength = null;
            await new ApiError(StatusCodes.Status500InternalServerError, "An unexpected error occurred.").ExecuteAsync(httpContext);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Part of a 200 has gone out: ending the connection is the only way left to tell the client it is incomplete.
            logger.LogWarning("Listing sessions failed after the answer had started; aborting it: {Reason}", e.Message);
            httpContext.Abort();
        }
    }

    private static string JsonString(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        CompactJson.AppendString(text, value);
        return text.ToString();
    }
}
