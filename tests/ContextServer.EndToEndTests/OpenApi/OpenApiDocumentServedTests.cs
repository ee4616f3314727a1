using System.Net;
using ContextStore.Testing.Documents;

namespace ContextServer.EndToEndTests.OpenApi;

/// <summary>ContextServer serves openapi.yaml to anyone, without an API key.</summary>
public sealed class OpenApiDocumentServedTests : IAsyncLifetime
{
    private RunningServer? _server;

    private RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task GettingOpenApiYamlAnswersTheCheckedInDocumentWithoutAKey()
    {
        using var response = await Server.SendAsync(HttpMethod.Get, "/openapi.yaml", apiKey: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(ContextStore.Testing.Documents.OpenApiModel.FilePath), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherMethodsOnOpenApiYamlAnswer405WithAMessage()
    {
        using var response = await Server.SendAsync(HttpMethod.Post, "/openapi.yaml", "{}", apiKey: null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"message\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathsBelowOpenApiYamlAreNotFound()
    {
        using var response = await Server.SendAsync(HttpMethod.Get, "/openapi.yaml/more", apiKey: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
