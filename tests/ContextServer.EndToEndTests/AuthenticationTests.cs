using System.Net;
using ContextStore.ApiKeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ContextServer.EndToEndTests;

public class AuthenticationTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    private const string RefusalMessage = "Provided API Key is either invalid or lacks permission";

    [Fact]
    public async Task AMissingKeyIs403WithTheContractsMessage()
    {
        var message = await AssertError(Get(A + "/bots/properties", apiKey: null), HttpStatusCode.Forbidden);
        Assert.Equal(RefusalMessage, message);
    }

    [Fact]
    public async Task AWrongKeyIs403() =>
        Assert.Equal(RefusalMessage, await AssertError(Get(A + "/bots/properties", apiKey: "not-the-key"), HttpStatusCode.Forbidden));

    [Fact]
    public async Task AKeyOfAccountAOnAccountBIs403AndWritesNothing()
    {
        await AssertError(
            Server.SendAsync(HttpMethod.Patch, $"/v1/account/{Server.AccountB}/bots/properties", """{"a":1}""", apiKey: RunningServer.KeyA),
            HttpStatusCode.Forbidden);

        var asB = await AssertJson(
            Server.SendAsync(HttpMethod.Get, $"/v1/account/{Server.AccountB}/bots/properties", apiKey: RunningServer.KeyB),
            HttpStatusCode.OK);
        Assert.Equal("{}", asB);
    }

    [Fact]
    public async Task AnAccountWithoutAKeyRefusesEveryKey() =>
        await AssertError(Get("/v1/account/le99999999/bots/properties"), HttpStatusCode.Forbidden);

    [Fact]
    public async Task TheHeaderNameIsCaseInsensitive()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, A + "/bots/properties");
        request.Headers.TryAddWithoutValidation("Maven-API-Key", RunningServer.KeyA);
        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TwoKeyHeadersAre403EvenIfOneIsRight()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, A + "/bots/properties");
        request.Headers.TryAddWithoutValidation("maven-api-key", [RunningServer.KeyA, "other"]);
        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task EveryEndpointRequiresTheKey()
    {
        var calls = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, A, """{"name":"bots"}"""),
            (HttpMethod.Get, A, null),
            (HttpMethod.Delete, A + "/bots", null),
            (HttpMethod.Patch, A + "/bots/properties", "{}"),
            (HttpMethod.Put, A + "/bots/properties/p", "1"),
            (HttpMethod.Get, A + "/bots/properties", null),
            (HttpMethod.Get, A + "/bots/properties/p", null),
            (HttpMethod.Delete, A + "/bots/properties/p", null),
            (HttpMethod.Patch, A + "/bots/s1/properties", "{}"),
            (HttpMethod.Put, A + "/bots/s1/properties/p", "1"),
            (HttpMethod.Get, A + "/bots/s1/properties", null),
            (HttpMethod.Get, A + "/bots/s1/properties/p", null),
            (HttpMethod.Delete, A + "/bots/s1/properties/p", null),
            (HttpMethod.Delete, A + "/bots/s1/properties", null),
            (HttpMethod.Get, A + "/bots/session-ids", null),
            (HttpMethod.Get, A + "/bots/session-properties", null),
            (HttpMethod.Post, A + "/namespace/bots/session?ttlSecond=1", """{"sessionId":"s1"}"""),
            (HttpMethod.Get, A + "/namespace/bots/session", null),
            (HttpMethod.Delete, A + "/namespace/bots/session/s1", null),
        };

        foreach (var (method, path, body) in calls)
        {
            Assert.Equal(RefusalMessage, await AssertError(Server.SendAsync(method, path, body, apiKey: "wrong"), HttpStatusCode.Forbidden));
        }
    }
}

public class UnreachableKeyStoreTests : IAsyncLifetime
{
    private RunningServer? _server;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(services =>
    {
        var keys = new Mock<IApiKeyStore>();
        keys.Setup(k => k.CheckAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ApiKeyCheck.StoreUnavailable);
        services.AddSingleton(keys.Object);
    });

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task AKeyStoreThatCannotBeReachedGives503NotA403()
    {
        using var response = await _server!.SendAsync(HttpMethod.Get, $"/v1/account/{RunningServer.AccountA}/bots/properties");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"message\"", body);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}
