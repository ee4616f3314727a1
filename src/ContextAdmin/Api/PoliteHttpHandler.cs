using System.Threading.RateLimiting;
using Polly;

namespace ContextAdmin.Api;

/// <summary>
/// Sends each request within the request-rate limit (when there is one) and through the retries of a busy endpoint.
/// Every attempt, retries included, takes a permit, so the limit holds for what the endpoint actually receives.
/// </summary>
public sealed class PoliteHttpHandler(RateLimiter? limiter, ResiliencePipeline<HttpResponseMessage> retries, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        retries.ExecuteAsync(async token =>
        {
            if (limiter is not null)
            {
                using var lease = await limiter.AcquireAsync(1, token).ConfigureAwait(false);
                if (!lease.IsAcquired)
                {
                    throw new InvalidOperationException("The request-rate limiter refused a permit.");
                }
            }

            return await base.SendAsync(request, token).ConfigureAwait(false);
        }, cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            limiter?.Dispose();
        }

        base.Dispose(disposing);
    }
}
