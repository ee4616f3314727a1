using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ContextAdmin.Api;

/// <summary>
/// Retries what a busy or briefly unreachable endpoint answers (429, 502, 503, 504, a dropped connection), waiting
/// what its Retry-After asks for, else an exponential back-off with jitter.
/// </summary>
public static class BusySourceRetries
{
    public const int DefaultMaxRetries = 12;

    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may wait for the answer's headers (a listing's body streams after that).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);

    public static ResiliencePipeline<HttpResponseMessage> Create(int maxRetries, TimeSpan firstDelay, Action<string>? onRetry) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsBusy(response.StatusCode)),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
                MaxDelay = LongestWait,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var cause = args.Outcome.Result is { } response
                        ? $"{(int)response.StatusCode} {response.ReasonPhrase}"
                        : args.Outcome.Exception?.Message ?? "failure";
                    onRetry?.Invoke($"{cause}; retry {args.AttemptNumber + 1} of {maxRetries} in {args.RetryDelay.TotalSeconds:0.#} s");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(AttemptTimeout)
            .Build();

    public static bool IsBusy(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait the answer asks for (seconds or a date), capped at <see cref="LongestWait"/>; null: none asked.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;
    }
}
