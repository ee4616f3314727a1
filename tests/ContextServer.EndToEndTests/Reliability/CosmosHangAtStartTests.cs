using System.Diagnostics;
using System.Net;
using ContextStore.Testing;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>
/// Cosmos DB starts to hang (accepts connections, never answers) right after the server started, while its start-up
/// warm-up read may still be in flight: a request still answers 503 once <c>Cosmos:RequestTimeout</c> has passed. Before
/// the store's deadline also ended the wait (not only cancelled the SDK's call), such a request waited for minutes in
/// about half of the runs with a client request handler in the SDK's pipeline.
/// </summary>
public sealed class CosmosHangAtStartTests
{
    /// <summary>Far above the request timeout: only a hang gets there.</summary>
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ARequestRightAfterStartWhileCosmosHangsAnswers503InsteadOfWaiting(int run)
    {
        await using var proxy = new ToggleableTcpProxy(new Uri(LocalCosmos.Endpoint));
        await using var server = await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = proxy.Endpoint.ToString(),
            ["Cosmos:RequestTimeout"] = "00:00:01",
        });
        proxy.StartUnresponsive();
        server.Client.Timeout = NoHang;
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await server.SendAsync(HttpMethod.Get, $"/v1/account/{RunningServer.AccountA}/hang-{run}/s1/properties");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        catch (TaskCanceledException) when (watch.Elapsed >= NoHang)
        {
            Assert.Fail($"The request got no answer within {NoHang.TotalSeconds} s of Cosmos DB hanging.");
        }
        finally
        {
            // The server removes its container as it stops.
            proxy.Start();
        }
    }
}
