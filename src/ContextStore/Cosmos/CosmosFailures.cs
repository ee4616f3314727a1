using System.Net;
using Microsoft.Azure.Cosmos;

namespace ContextStore.Cosmos;

/// <summary>Turns Cosmos DB's transient failures into <see cref="StoreUnavailableException"/>.</summary>
internal static class CosmosFailures
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs one Cosmos DB call within <paramref name="timeout"/>: the SDK's own timeouts and retries do not
    /// bound a server that accepts connections but never answers, so the call gets a token that does, and the wait
    /// ends at the deadline even where the SDK does not honour the token (a call queued behind its own metadata reads
    /// while the server hangs was seen to outlive it by minutes).
    /// </summary>
    public static async Task<T> Guard<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await call(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (AsUnavailable(e, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public static async Task Guard(Func<CancellationToken, Task> call, TimeSpan timeout, CancellationToken cancellationToken) =>
        await Guard(async ct => { await call(ct).ConfigureAwait(false); return true; }, timeout, cancellationToken)
            .ConfigureAwait(false);

    public static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Gone
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
        or (HttpStatusCode)449;

    public static StoreUnavailableException Unavailable(HttpStatusCode status, TimeSpan? retryAfter) =>
        new($"Cosmos DB answered {(int)status}.", retryAfter ?? DefaultRetryAfter);

    /// <summary>
    /// What <see cref="Guard{T}"/> throws instead of <paramref name="e"/> (null: <paramref name="e"/> itself), for a
    /// call that guards itself: the S3 read does, so that it runs without a closure and an extra state machine.
    /// </summary>
    public static StoreUnavailableException? AsUnavailable(Exception e, CancellationToken cancellationToken) => e switch
    {
        StoreUnavailableException => null,
        CosmosException cosmos when IsTransient(cosmos.StatusCode) =>
            new StoreUnavailableException(
                $"Cosmos DB answered {(int)cosmos.StatusCode} (substatus {cosmos.SubStatusCode}, activity {cosmos.ActivityId}).",
                cosmos.RetryAfter ?? DefaultRetryAfter,
                e),
        HttpRequestException http => new StoreUnavailableException($"Cosmos DB cannot be reached: {http.Message}", DefaultRetryAfter, e),
        OperationCanceledException when !cancellationToken.IsCancellationRequested =>
            new StoreUnavailableException("Cosmos DB did not answer in time.", DefaultRetryAfter, e),
        _ => null,
    };
}
