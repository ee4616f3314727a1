using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests;

/// <summary>
/// A test of the contract against a running host: by default the tests of a class share one ContextServer and
/// container, each test with accounts of its own; the Functions app's test classes derive from these classes and
/// override <see cref="StartHostAsync"/>.
/// </summary>
public abstract class EndToEndTestBase(ContextServerForClass contextServer) : IAsyncLifetime, IClassFixture<ContextServerForClass>
{
    private IRunningHost? _server;

    /// <summary>The path of this test's account A.</summary>
    protected string A => "/v1/account/" + Server.AccountA;

    protected IRunningHost Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() => _server = await StartHostAsync();

    /// <summary>The host this test runs against: the class's shared ContextServer, as this test's accounts see it.</summary>
    protected virtual Task<IRunningHost> StartHostAsync() => contextServer.HostForOneTestAsync();

    /// <summary>A ContextServer and container of this test's own, for tests that move its clock or measure its heap.</summary>
    protected static async Task<IRunningHost> StartOwnServerAsync() => await RunningServer.StartAsync();

    /// <summary>A ContextServer and container of this test's own on the real clock, as the Functions app runs: for short real TTLs.</summary>
    protected static async Task<IRunningHost> StartOwnServerOnTheRealClockAsync() =>
        await RunningServer.StartAsync(services => services.AddSingleton(TimeProvider.System));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected Task<HttpResponseMessage> Get(string path, string? apiKey = RunningServer.KeyA) =>
        Server.SendAsync(HttpMethod.Get, path, apiKey: apiKey);

    protected Task<HttpResponseMessage> Patch(string path, string body, string? ifMatch = null) =>
        Server.SendAsync(HttpMethod.Patch, path, body, configure: IfMatch(ifMatch));

    protected Task<HttpResponseMessage> Put(string path, string body, string? ifMatch = null) =>
        Server.SendAsync(HttpMethod.Put, path, body, configure: IfMatch(ifMatch));

    protected Task<HttpResponseMessage> Post(string path, string body) => Server.SendAsync(HttpMethod.Post, path, body);

    protected Task<HttpResponseMessage> Delete(string path, string? ifMatch = null) =>
        Server.SendAsync(HttpMethod.Delete, path, configure: IfMatch(ifMatch));

    protected static async Task AssertNoContent(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts the status, a JSON content type, a body sent whole with its length (not chunked), and returns the body.</summary>
    protected static async Task<string> AssertJson(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
        return body;
    }

    /// <summary>Asserts an error answer of the contract: the status and a JSON body with a message.</summary>
    protected static async Task<string> AssertError(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var body = await AssertJson(call, status);
        using var json = JsonDocument.Parse(body);
        var message = json.RootElement.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    protected static string Canonical(string json) =>
        JsonSerializer.Serialize(Sort(JsonDocument.Parse(json).RootElement));

    private static object? Sort(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Name, p => Sort(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(Sort).ToList(),
        _ => element,
    };

    private static Action<HttpRequestMessage>? IfMatch(string? etag) =>
        etag is null ? null : request => request.Headers.TryAddWithoutValidation("If-Match", etag);
}
