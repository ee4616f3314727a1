using ContextServer.EndToEndTests;
using Microsoft.Extensions.Time.Testing;

namespace ContextFunctions.EndToEndTests.EndToEnd;

/// <summary>A Functions app started for one test, as that test sees it; disposing it stops the worker.</summary>
public sealed class OwnFunctionsApp(FunctionsApp app) : IRunningHost
{
    private readonly IRunningHost _host = app.HostForOneTest();

    public HttpClient Client => _host.Client;

    public string AccountA => _host.AccountA;

    public string AccountB => _host.AccountB;

    public FakeTimeProvider Clock => _host.Clock;

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string? apiKey = RunningServer.KeyA, Action<HttpRequestMessage>? configure = null) =>
        _host.SendAsync(method, path, body, apiKey, configure);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
