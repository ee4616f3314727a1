using System.Diagnostics;
using System.Net;
using ContextServer.EndToEndTests;
using ContextStore.Http.Health;
using ContextStore.Testing;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The Functions app's GET /readyz (the deployment's availability test calls it): without an API key, 200 while Cosmos
/// DB answers and 503 while it refuses connections or hangs, with ContextServer's answer at the same path.
/// </summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReadyzAnswersAsContextServersReadyzWithoutAnApiKey()
    {
        await using var server = await RunningServer.StartAsync();
        var app = new FunctionsApp();
        try
        {
            await app.InitializeAsync();
            await WaitForAsync(app.Client, HttpStatusCode.OK);

            using var functions = await app.Client.GetAsync("/readyz");
            using var contextServer = await server.Client.GetAsync("/readyz");

            Assert.Equal(HttpStatusCode.OK, functions.StatusCode);
            Assert.Equal("""{"status":"Healthy"}""", await functions.Content.ReadAsStringAsync());
            Assert.Equal(Describe(contextServer), Describe(functions));

            // A burst of anonymous probes: every one answered, from reads they share.
            var burst = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.Client.GetAsync("/readyz")));
            Assert.All(burst, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Array.ForEach(burst, r => r.Dispose());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadyzAnswers503WhileCosmosRefusesConnectionsOrHangsAnd200WhenItIsBack()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        var app = new FunctionsApp(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:RequestTimeout"] = "00:00:30",
        });
        try
        {
            await app.InitializeAsync();
            await WaitForAsync(app.Client, HttpStatusCode.OK);

            proxy.Stop();
            // The healthy answer of a moment ago is reused for a second (a flood of probes is not a flood of Cosmos DB reads).
            await Task.Delay(CosmosReadinessCheck.AnswerReuse);
            using var refused = await app.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("""{"status":"Unhealthy"}""", await refused.Content.ReadAsStringAsync());

            proxy.StartUnresponsive();
            var elapsed = Stopwatch.StartNew();
            using var hanging = await app.Client.GetAsync("/readyz");
            elapsed.Stop();
            proxy.Start();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, hanging.StatusCode);
            // The check's timeout (2 s) ends the wait, not Cosmos:RequestTimeout (30 s here).
            Assert.InRange(elapsed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));

            await WaitForAsync(app.Client, HttpStatusCode.OK);
            Assert.False(app.Emulator.Worker.HasExited);
        }
        finally
        {
            proxy.Start();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadyzAnswers503WhileTheWorkerStartedWithCosmosDownHasNoContainer()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        proxy.Stop();
        var app = new FunctionsApp(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:RequestTimeout"] = "00:00:03",
        });
        try
        {
            await app.InitializeAsync();

            using var down = await app.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("""{"status":"Unhealthy"}""", await down.Content.ReadAsStringAsync());

            proxy.Start();
            await WaitForAsync(app.Client, HttpStatusCode.OK);
        }
        finally
        {
            proxy.Start();
            await app.DisposeAsync();
        }
    }

    /// <summary>What a probe sees of an answer: status, media type, caching headers and body.</summary>
    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} " +
        $"cache-control: {response.Headers.CacheControl} pragma: {response.Headers.Pragma} expires: {response.Content.Headers.Expires:R} " +
        response.Content.ReadAsStringAsync().GetAwaiter().GetResult();

    /// <summary>Polls until /readyz answers <paramref name="expected"/> (the worker creates the container in the background).</summary>
    private static async Task WaitForAsync(HttpClient client, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + RecoveryLimit;
        while (true)
        {
            using var response = await client.GetAsync("/readyz");
            if (response.StatusCode == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/readyz still answers {(int)response.StatusCode} after {RecoveryLimit.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
