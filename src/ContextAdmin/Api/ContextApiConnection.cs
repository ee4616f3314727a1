using Microsoft.Extensions.Http.Resilience;

namespace ContextAdmin.Api;

/// <summary>
/// Makes the client of one endpoint: its own connections, its request-rate limit and its retries. Redirects are
/// not followed (the API key would go with them) and answers are not decompressed (a small compressed answer can
/// hold an unbounded one): an endpoint gets the key and is read only at the address given.
/// </summary>
public static class ContextApiConnection
{
    /// <param name="requestsPerSecond">0: no limit.</param>
    /// <param name="onRetry">Told of each retry (what the endpoint answered and the wait).</param>
    public static ContextApiClient Open(
        Uri endpoint, string apiKey, string accountId, double requestsPerSecond, Action<string> onRetry,
        EndpointLimits? limits = null, int maxRetries = BusySourceRetries.DefaultMaxRetries, TimeSpan? firstRetryDelay = null)
    {
        var handler = Handler(
            requestsPerSecond, maxRetries, firstRetryDelay ?? TimeSpan.FromSeconds(1), message => onRetry($"{endpoint.Authority}: {message}"),
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
            });
        // Each attempt has its own timeout (BusySourceRetries); the waits between attempts must not count against one.
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return new ContextApiClient(http, endpoint, apiKey, accountId, limits);
    }

    /// <summary>Sends through <paramref name="inner"/> within the rate limit and with the retries; disposing it ends the limiter.</summary>
    public static HttpMessageHandler Handler(
        double requestsPerSecond, int maxRetries, TimeSpan firstRetryDelay, Action<string>? onRetry, HttpMessageHandler inner)
    {
        var limiter = RequestRateLimiter.PerSecond(requestsPerSecond);
        return new LimitedResilienceHandler(BusySourceRetries.Create(maxRetries, firstRetryDelay, limiter, onRetry), limiter) { InnerHandler = inner };
    }

    /// <summary>The library's handler, owning the limiter its pipeline takes permits from (its timer stops with it).</summary>
    private sealed class LimitedResilienceHandler(Polly.ResiliencePipeline<HttpResponseMessage> pipeline, IDisposable? limiter)
        : ResilienceHandler(pipeline)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                limiter?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
