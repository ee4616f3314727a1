using System.Diagnostics;
using System.Net;
using ContextStore.Http.Health;
using ContextStore.Testing;

namespace ContextServer.EndToEndTests.Health;

/// <summary>ContextServer's /healthz and /readyz, over HTTP, without an API key, with Cosmos DB up, refusing and hanging.</summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task HealthzAnswers200WithoutAnApiKey()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadyzAnswers200WhenCosmosAnswers()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadyzAnswers503WhileCosmosRefusesConnectionsAnd200WhenItIsBack()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        await using var server = await StartBehindAsync(proxy);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);

        proxy.Stop();
        // The answer of a moment ago is reused for a second (a flood of probes is not a flood of Cosmos DB reads).
        await Task.Delay(CosmosReadinessCheck.AnswerReuse);
        using var down = await server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("""{"status":"Unhealthy"}""", await down.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);

        proxy.Start();
        // The unhealthy answer is reused for a second too.
        await Task.Delay(CosmosReadinessCheck.AnswerReuse);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task ReadyzAnswers503WithinTheShortTimeoutWhileCosmosHangs()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        await using var server = await StartBehindAsync(proxy);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz")).StatusCode);

        proxy.StartUnresponsive();
        await Task.Delay(CosmosReadinessCheck.AnswerReuse);
        var elapsed = Stopwatch.StartNew();
        using var down = await server.Client.GetAsync("/readyz");
        elapsed.Stop();
        // Back up, so that removing the test's container at the end does not wait for the hang.
        proxy.Start();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        // The check's timeout is 2 s; Cosmos:RequestTimeout (30 s here) must not be what ends the wait.
        Assert.InRange(elapsed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    private static Task<RunningServer> StartBehindAsync(ToggleableTcpProxy proxy) =>
        RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:RequestTimeout"] = "00:00:30",
        });
}
