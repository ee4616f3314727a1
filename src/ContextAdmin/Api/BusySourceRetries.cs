using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace ContextAdmin.Api;

/// <summary>
/// What each request to an endpoint goes through (Microsoft.Extensions.Http.Resilience): retries of what a busy or
/// briefly unreachable endpoint answers (429, 502, 503, 504, a dropped connection, an attempt out of time), waiting
/// what its Retry-After asks for (at most <see cref="LongestWait"/>), else (also when that time has passed) an
/// exponential back-off with jitter; then
/// the request-rate limit, which every attempt passes, so the limit holds for what the endpoint actually receives;
/// then the attempt's own timeout.
/// </summary>
public static class BusySourceRetries
{
    public const int DefaultMaxRetries = 12;

    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may wait for the answer's headers (a listing's body streams after that).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);

    /// <param name="limiter">null: no limit.</param>
    public static ResiliencePipeline<HttpResponseMessage> Create(int maxRetries, TimeSpan firstDelay, RateLimiter? limiter, Action<string>? onRetry)
    {
        var retry = new HttpRetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response
                ? IsBusy(response.StatusCode)
                : HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay,
            MaxDelay = LongestWait,
            ShouldRetryAfterHeader = true,
            OnRetry = args =>
            {
                var cause = args.Outcome.Result is { } response
                    ? $"{(int)response.StatusCode} {response.ReasonPhrase}"
                    : args.Outcome.Exception?.Message ?? "failure";
                onRetry?.Invoke($"{cause}; retry {args.AttemptNumber + 1} of {maxRetries} in {args.RetryDelay.TotalSeconds:0.#} s");
                return ValueTask.CompletedTask;
            },
        };
        // The library's Retry-After reading (seconds or a date), capped: MaxDelay bounds only the back-off. A wait that has
        // already passed (0, or a date behind our clock) is the back-off's: retried at once, a busy endpoint would see
        // every retry in a moment.
        var retryAfter = retry.DelayGenerator!;
        retry.DelayGenerator = async args => await retryAfter(args).ConfigureAwait(false) is { } wait && wait > TimeSpan.Zero
            ? (wait > LongestWait ? LongestWait : wait)
            : null;

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(retry);
        if (limiter is not null)
        {
            pipeline.AddRateLimiter(limiter);
        }

        return pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = AttemptTimeout }).Build();
    }

    public static bool IsBusy(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
}
