using System.Diagnostics;
using System.Net;
using ContextAdmin.Api;

namespace ContextAdmin.UnitTests.Api;

public class PoliteHttpHandlerTests
{
    [Fact]
    public async Task RequestsBeyondTheRateWaitForTheirTurn()
    {
        var endpoint = new ScriptedEndpoint(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(endpoint, requestsPerSecond: 20);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetAsync("http://127.0.0.1:1/x")));

        Assert.Equal(30, endpoint.Calls);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(5));
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

    private static HttpResponseMessage Busy(HttpStatusCode status)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        return response;
    }

    private static HttpClient Client(ScriptedEndpoint endpoint, double requestsPerSecond, Action<string>? onRetry = null) =>
        new(new PoliteHttpHandler(
            RequestRateLimiter.PerSecond(requestsPerSecond),
            BusySourceRetries.Create(BusySourceRetries.DefaultMaxRetries, TimeSpan.FromMilliseconds(10), onRetry),
            endpoint));

    private sealed class ScriptedEndpoint(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(Interlocked.Increment(ref _calls)));
    }
}
