namespace ContextKeys.Api;

/// <summary>Makes the client of one endpoint: its own connections, its request-rate limit and its retries.</summary>
public static class ContextApiConnection
{
    /// <param name="requestsPerSecond">0: no limit.</param>
    /// <param name="onRetry">Told of each retry (what the endpoint answered and the wait).</param>
    public static ContextApiClient Open(
        Uri endpoint, string apiKey, string accountId, double requestsPerSecond, Action<string> onRetry,
        int maxRetries = BusySourceRetries.DefaultMaxRetries, TimeSpan? firstRetryDelay = null)
    {
        var handler = new PoliteHttpHandler(
            RequestRateLimiter.PerSecond(requestsPerSecond),
            BusySourceRetries.Create(maxRetries, firstRetryDelay ?? TimeSpan.FromSeconds(1), message => onRetry($"{endpoint.Authority}: {message}")),
            new SocketsHttpHandler
            {
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        // Each attempt has its own timeout (BusySourceRetries); the waits between attempts must not count against one.
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return new ContextApiClient(http, endpoint, apiKey, accountId);
    }
}
