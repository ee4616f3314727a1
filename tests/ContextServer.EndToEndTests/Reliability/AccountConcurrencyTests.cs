using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ContextStore.Http.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>
/// One account's excess waits in its own queue, and beyond it is refused with 503 and Retry-After, while another
/// account is served: a server allowing one request per account at a time and one waiting. A request holds its account's
/// turn while its body is read, so a PATCH whose body has not all arrived holds it for as long as the test wants.
/// </summary>
[ContextServerOnly("reads the server's limiter statistics to know when a request is running or queued")]
public sealed class AccountConcurrencyTests : IAsyncLifetime
{
    private const string Namespace = "turns";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private RunningServer? _server;

    private RunningServer Server => _server!;

    private AccountConcurrencyLimiter Limiter => Server.Services.GetRequiredService<AccountConcurrencyLimiter>();

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
    {
        ["AccountConcurrency:PermitLimit"] = "1",
        ["AccountConcurrency:QueueLimit"] = "1",
        ["AccountConcurrency:RetryAfter"] = "00:00:03",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task OneAccountsExcessIsQueuedThenRefusedWhileAnotherAccountIsServed()
    {
        var a = $"/v1/account/{RunningServer.AccountA}/{Namespace}";
        var b = $"/v1/account/{RunningServer.AccountB}/{Namespace}";
        using (var seed = await Server.SendAsync(HttpMethod.Patch, $"{b}/calm/properties", """{"x":1}""", RunningServer.KeyB))
        {
            Assert.Equal(HttpStatusCode.NoContent, seed.StatusCode);
        }

        // Account A's one turn: a PATCH whose body is held back after its first bytes.
        var body = new HeldBody("""{"held":true}""");
        var holding = Server.SendAsync(HttpMethod.Patch, $"{a}/s1/properties", apiKey: RunningServer.KeyA,
            configure: request => request.Content = body);
        await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentAvailablePermits == 0);

        // Its next request waits in A's queue...
        var queued = Server.SendAsync(HttpMethod.Get, $"{a}/s1/properties");
        await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentQueuedCount == 1);

        // ...the one after that finds the queue full...
        using (var refused = await Server.SendAsync(HttpMethod.Get, $"{a}/s2/properties"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("too many requests", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // ...a wrong key for A is refused as ever (it never takes a turn), and account B is served meanwhile.
        using (var wrongKey = await Server.SendAsync(HttpMethod.Get, $"{a}/s1/properties", apiKey: "not-the-key"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
        }

        using (var other = await Server.SendAsync(HttpMethod.Get, $"{b}/calm/properties", apiKey: RunningServer.KeyB))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal("""{"x":1}""", await other.Content.ReadAsStringAsync());
        }

        Assert.False(queued.IsCompleted);
        Assert.False(holding.IsCompleted);

        // The held body arrives: A's first request answers, then its queued one, which sees the first one's write.
        body.Release();
        using (var first = await holding.WaitAsync(Patience))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using (var second = await queued.WaitAsync(Patience))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal("""{"held":true}""", await second.Content.ReadAsStringAsync());
        }

        await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentAvailablePermits == 1);
    }

    [Fact]
    public async Task AClientThatLeavesTheQueueGivesUpItsPlace()
    {
        var a = $"/v1/account/{RunningServer.AccountA}/{Namespace}";
        var body = new HeldBody("""{"held":true}""");
        var holding = Server.SendAsync(HttpMethod.Patch, $"{a}/s1/properties", apiKey: RunningServer.KeyA,
            configure: request => request.Content = body);
        await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentAvailablePermits == 0);

        using (var leaving = new CancellationTokenSource())
        {
            var queued = Server.Client.SendAsync(
                ApiRequests.Create(HttpMethod.Get, $"{a}/s1/properties", null, RunningServer.KeyA, null), leaving.Token);
            await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentQueuedCount == 1);
            await leaving.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        }

        // The place is free again: the next request waits instead of being refused.
        await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentQueuedCount == 0);
        var next = Server.SendAsync(HttpMethod.Get, $"{a}/s1/properties");
        await WaitUntilAsync(() => Limiter.GetStatistics(RunningServer.AccountA)?.CurrentQueuedCount == 1);
        body.Release();
        using (var first = await holding.WaitAsync(Patience))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using var answered = await next.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The server did not reach the expected state in time.");
            await Task.Delay(10);
        }
    }

    /// <summary>A JSON body with its Content-Length, of which only the first byte is sent until <see cref="Release"/>.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
            Headers.ContentLength = _bytes.Length;
        }

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            await _released.Task;
            await stream.WriteAsync(_bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
