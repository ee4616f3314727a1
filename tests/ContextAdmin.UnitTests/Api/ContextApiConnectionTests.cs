using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ContextAdmin.Api;
using Microsoft.Extensions.Http.Resilience;

namespace ContextAdmin.UnitTests.Api;

/// <summary>What every request of the tool goes through: the request-rate limit, the retries of a busy endpoint.</summary>
public partial class ContextApiConnectionTests
{
    [Fact]
    public async Task RequestsBeyondTheRateWaitForTheirTurn()
    {
        var endpoint = new ScriptedEndpoint(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(endpoint, requestsPerSecond: 20);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetAsync("http://127.0.0.1:1/x")));

        Assert.Equal(30, endpoint.Calls);
        // Only the lower bound is the behaviour (the rate holds requests back); how long beyond it is the machine's business.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.2), $"30 requests at 20 per second took only {clock.Elapsed}");
    }

    [Fact]
    public async Task A429Or503IsRetriedAfterTheWaitItsRetryAfterAsksFor()
    {
        var endpoint = new ScriptedEndpoint(call => call switch
        {
            1 => Busy(HttpStatusCode.TooManyRequests),
            2 => Busy(HttpStatusCode.ServiceUnavailable),
            _ => new HttpResponseMessage(HttpStatusCode.OK),
        });
        var retries = new List<string>();
        using var client = Client(endpoint, requestsPerSecond: 0, retries.Add);

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, endpoint.Calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"waited {clock.Elapsed}");
        Assert.Equal(2, retries.Count);
        Assert.StartsWith("429 Too Many Requests; retry 1 of 12 in 1 s", retries[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A403IsAnsweredAtOnceWithoutRetrying()
    {
        var endpoint = new ScriptedEndpoint(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));
        using var client = Client(endpoint, requestsPerSecond: 0);

        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, endpoint.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.NotImplemented)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task AnErrorThatIsNotABusyEndpointIsAnsweredAtOnce(HttpStatusCode status)
    {
        var endpoint = new ScriptedEndpoint(_ => new HttpResponseMessage(status));
        using var client = Client(endpoint, requestsPerSecond: 0);

        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, endpoint.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A502Or504IsRetried(HttpStatusCode status)
    {
        var endpoint = new ScriptedEndpoint(call => call == 1 ? Busy(status, TimeSpan.Zero) : new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(endpoint, requestsPerSecond: 0);

        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, endpoint.Calls);
    }

    [Fact]
    public async Task ADroppedConnectionIsRetried()
    {
        var endpoint = new ScriptedEndpoint(call => call == 1 ? throw new HttpRequestException("connection reset") : new HttpResponseMessage(HttpStatusCode.OK));
        var retries = new List<string>();
        using var client = Client(endpoint, requestsPerSecond: 0, retries.Add);

        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("connection reset; retry 1 of 12", Assert.Single(retries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetryAfterLongerThanAMinuteWaitsAMinute()
    {
        var seconds = await FirstRetryWaitAsync(Busy(HttpStatusCode.ServiceUnavailable, TimeSpan.FromHours(1)));

        Assert.Equal(60, seconds);
    }

    [Fact]
    public async Task ARetryAfterDateWaitsUntilThen()
    {
        var busy = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(40));

        var seconds = await FirstRetryWaitAsync(busy);

        Assert.InRange(seconds, 20, 40);
    }

    [Theory]
    [InlineData(-3 * 24 * 3600)] // a date three days ago: an endpoint whose clock is behind ours
    [InlineData(0)]
    public async Task ARetryAfterThatHasPassedIsRetriedOnTheBackOff(int seconds)
    {
        var endpoint = new ScriptedEndpoint(_ =>
        {
            var busy = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            busy.Headers.RetryAfter = seconds < 0
                ? new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(seconds))
                : new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            return busy;
        });
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new HttpClient(ContextApiConnection.Handler(0, 3, TimeSpan.FromSeconds(2), message => announced.TrySetResult(message), endpoint));
        using var cancel = new CancellationTokenSource();

        var request = client.GetAsync("http://127.0.0.1:1/x", cancel.Token);
        var message = await announced.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // Not every retry spent at once: the first waits the back-off (2 s with jitter), not nothing.
        Assert.InRange(double.Parse(WaitOf().Match(message).Groups["seconds"].Value, CultureInfo.InvariantCulture), 0.1, 60);
    }

    [Fact]
    public async Task AnEndpointBusyForeverIsAskedAtMostOnceMoreThanTheRetries()
    {
        var endpoint = new ScriptedEndpoint(_ => Busy(HttpStatusCode.TooManyRequests, TimeSpan.Zero));
        using var client = new HttpClient(ContextApiConnection.Handler(0, 3, TimeSpan.FromMilliseconds(1), null, endpoint));

        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(4, endpoint.Calls);
    }

    [Fact]
    public async Task EveryAttemptRetriesIncludedTakesAPermitOfTheRateLimit()
    {
        var endpoint = new ScriptedEndpoint(call => call <= 2 ? Busy(HttpStatusCode.ServiceUnavailable, TimeSpan.Zero) : new HttpResponseMessage(HttpStatusCode.OK));
        using var limiter = RequestRateLimiter.PerSecond(1000)!;
        using var client = new HttpClient(
            new ResilienceHandler(BusySourceRetries.Create(BusySourceRetries.DefaultMaxRetries, TimeSpan.FromMilliseconds(10), limiter, null))
            {
                InnerHandler = endpoint,
            });

        using var response = await client.GetAsync("http://127.0.0.1:1/x");

        Assert.Equal(3, endpoint.Calls);
        Assert.Equal(3, limiter.GetStatistics()!.TotalSuccessfulLeases);
    }

    /// <summary>The wait the first retry announces, in seconds; the request is then cancelled rather than waited for.</summary>
    private static async Task<double> FirstRetryWaitAsync(HttpResponseMessage busy)
    {
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var endpoint = new ScriptedEndpoint(_ => busy);
        using var client = Client(endpoint, requestsPerSecond: 0, message => announced.TrySetResult(message));
        using var cancel = new CancellationTokenSource();

        var request = client.GetAsync("http://127.0.0.1:1/x", cancel.Token);
        var message = await announced.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        return double.Parse(WaitOf().Match(message).Groups["seconds"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@" in (?<seconds>[0-9.]+) s$")]
    private static partial Regex WaitOf();

    private static HttpResponseMessage Busy(HttpStatusCode status) => Busy(status, TimeSpan.FromSeconds(1));

    private static HttpResponseMessage Busy(HttpStatusCode status, TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    }

    private static HttpClient Client(ScriptedEndpoint endpoint, double requestsPerSecond, Action<string>? onRetry = null) =>
        new(ContextApiConnection.Handler(requestsPerSecond, BusySourceRetries.DefaultMaxRetries, TimeSpan.FromMilliseconds(10), onRetry, endpoint));

    private sealed class ScriptedEndpoint(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(Interlocked.Increment(ref _calls)));
    }
}
