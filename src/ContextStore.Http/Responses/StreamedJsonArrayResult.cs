using System.Text.Json;
using ContextStore.Cosmos;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Responses;

/// <summary>
/// A listing's answer, a JSON array written while its items are read: no more than one buffer of the answer and the
/// item being written are held at once, however many items there are. A failure before anything was sent is the
/// contract's error; after, the connection is ended, the only way left to tell the client the answer is incomplete.
/// </summary>
public sealed class StreamedJsonArrayResult<T>(
    IAsyncEnumerable<T> items, Func<T, Utf8ResponseBuffer, CancellationToken, ValueTask> appendItem, string what, ILogger logger)
    : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    /// <summary>Items written as <see cref="ContextJson"/> serializes them.</summary>
    public static StreamedJsonArrayResult<T> Serialized(IAsyncEnumerable<T> items, string what, ILogger logger) =>
        new(items, (item, body, cancellationToken) => body.AppendAsync(JsonSerializer.Serialize(item, ContextJson.Options), cancellationToken), what, logger);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonBody.ContentType;
        using var body = new Utf8ResponseBuffer(response);
        try
        {
            var first = true;
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                await body.AppendAsync(first ? "[" : ",", cancellationToken);
                await appendItem(item, body, cancellationToken);
                first = false;
            }

            await body.AppendAsync(first ? "[]" : "]", cancellationToken);
            await body.CompleteAsync(cancellationToken);
        }
        catch (StoreUnavailableException e) when (!body.HasStarted)
        {
            logger.LogWarning("Cosmos DB unavailable while listing {What}: {Reason}", what, e.Message);
            response.ContentLength = null;
            await ApiError.ServiceUnavailable("The context store is temporarily unavailable; try again shortly.", e.RetryAfter)
                .ExecuteAsync(httpContext);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; nobody reads the rest.
        }
        catch (Exception e) when (!body.HasStarted)
        {
            logger.LogError(e, "Listing {What} failed", what);
            response.ContentLength = null;
            await new ApiError(StatusCodes.Status500InternalServerError, "An unexpected error occurred.").ExecuteAsync(httpContext);
        }
        catch (Exception e)
        {
            logger.LogWarning("Listing {What} failed after the answer had started; aborting it: {Reason}", what, e.Message);
            httpContext.Abort();
        }
    }
}
