using System.Net;
using ContextServer.EndToEndTests;
using ContextStore.Testing;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// Cosmos DB unreachable under the Functions app: a TCP proxy between the worker and the local Cosmos server is cut
/// and restored. The functions answer 503 with Retry-After meanwhile, and the same worker process recovers.
/// </summary>
public sealed class CosmosOutageTests
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WhileCosmosIsDownTheFunctionsAnswer503WithRetryAfterAndTheWorkerRecoversWithoutARestart()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        var app = new FunctionsApp(Through(proxy));
        try
        {
            await app.InitializeAsync();
            var host = app.HostForOneTest();
            var path = $"/v1/account/{host.AccountA}/outage/s1/properties";
            await WaitForAsync(host, HttpMethod.Patch, path, HttpStatusCode.NoContent);
            var worker = app.Emulator.Worker.Id;

            proxy.Stop();
            await AssertUnavailableAsync(host, HttpMethod.Patch, path);
            await AssertUnavailableAsync(host, HttpMethod.Get, path);

            proxy.Start();
            await WaitForAsync(host, HttpMethod.Patch, path, HttpStatusCode.NoContent);
            Assert.False(app.Emulator.Worker.HasExited);
            Assert.Equal(worker, app.Emulator.Worker.Id);
        }
        finally
        {
            proxy.Start();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task AWorkerStartedWhileCosmosIsDownKeepsRunningAnswers503AndRecovers()
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        proxy.Stop();
        var app = new FunctionsApp(Through(proxy));
        try
        {
            await app.InitializeAsync();
            var host = app.HostForOneTest();
            var path = $"/v1/account/{host.AccountA}/outage/s1/properties";

            await AssertUnavailableAsync(host, HttpMethod.Get, path);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(app.Emulator.Worker.HasExited, $"the worker exited: {app.Emulator.Worker.RecentOutput}");

            proxy.Start();
            await WaitForAsync(host, HttpMethod.Patch, path, HttpStatusCode.NoContent);
            Assert.Equal("""{"a":1}""", await (await host.SendAsync(HttpMethod.Get, path)).Content.ReadAsStringAsync());
            Assert.False(app.Emulator.Worker.HasExited);
        }
        finally
        {
            proxy.Start();
            await app.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Through(ToggleableTcpProxy proxy) => new()
    {
        ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
        ["Cosmos:RequestTimeout"] = "00:00:03",
    };

    private static async Task AssertUnavailableAsync(IRunningHost host, HttpMethod method, string path)
    {
        using var response = await host.SendAsync(method, path, method == HttpMethod.Patch ? """{"a":1}""" : null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {(int)response.StatusCode} {body}");
        Assert.Contains("\"message\"", body);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
    }

    private static async Task WaitForAsync(IRunningHost host, HttpMethod method, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + RecoveryLimit;
        while (true)
        {
            using var response = await host.SendAsync(method, path, method == HttpMethod.Patch ? """{"a":1}""" : null);
            if (response.StatusCode == expected)
            {
                return;
            }

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {(int)response.StatusCode}");
            Assert.True(DateTime.UtcNow < deadline, $"{method} {path} still answers 503 after {RecoveryLimit.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
