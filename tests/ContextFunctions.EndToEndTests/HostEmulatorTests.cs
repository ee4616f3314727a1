using System.Net;
using ContextServer.EndToEndTests;
using Xunit.Abstractions;

namespace ContextFunctions.EndToEndTests;

/// <summary>What the emulator answers itself, as the real host does, and how fast the worker gets ready.</summary>
public sealed class HostEmulatorTests(FunctionsApp app, ITestOutputHelper output) : IClassFixture<FunctionsApp>
{
    [Theory]
    [InlineData("GET", "/v2/whatever")]
    [InlineData("GET", "/v1/account/pa0000/bots/s1/s2/properties")]
    [InlineData("PUT", "/v1/account/pa0000/bots/session-ids")]
    public async Task ARequestNoFunctionsRouteAndMethodMatchIsABare404(string method, string path)
    {
        using var response = await app.Client.SendAsync(ApiRequests.Create(new HttpMethod(method), path, "{}", RunningServer.KeyA, null));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void TheWorkerLoadsEveryFunctionWithinHalfAMinuteOfItsStart()
    {
        output.WriteLine($"worker start to ready: {app.Emulator.StartToReady.TotalSeconds:0.00} s, {app.Emulator.Functions.Count} functions");

        Assert.InRange(app.Emulator.StartToReady, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.False(app.Emulator.Worker.HasExited);
    }
}
