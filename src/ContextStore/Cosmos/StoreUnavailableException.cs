namespace ContextStore.Cosmos;

/// <summary>Cosmos DB could not be reached, timed out or throttled; the API answers 503 with Retry-After.</summary>
public sealed class StoreUnavailableException(string message, TimeSpan retryAfter, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
