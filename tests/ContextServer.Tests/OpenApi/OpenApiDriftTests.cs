using ContextStore.Http;
using ContextStore.Http.Operations;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace ContextServer.Tests.OpenApi;

/// <summary>
/// openapi.yaml and ContextServer describe the same API: every served route is in the document under its
/// endpoint name as operationId, and the document has no operation the server does not serve.
/// </summary>
public sealed class OpenApiDriftTests
{
    [Fact]
    public async Task TheDocumentListsExactlyTheOperationsContextServerServes()
    {
        var documented = DocumentedOperations().Select(o => o.Describe()).Order(StringComparer.Ordinal).ToList();
        var served = (await ServedOperations()).Order(StringComparer.Ordinal).ToList();

        var missingFromDocument = served.Except(documented).ToList();
        var notServed = documented.Except(served).ToList();
        Assert.True(
            missingFromDocument.Count == 0 && notServed.Count == 0,
            $"Served but not in openapi.yaml: [{string.Join("; ", missingFromDocument)}]. " +
            $"In openapi.yaml but not served: [{string.Join("; ", notServed)}].");
        Assert.Equal(ContextOperations.All.Count, documented.Count);
    }

    [Fact]
    public void EveryDocumentedOperationHasAUniqueOperationId()
    {
        var operations = DocumentedOperations();

        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.OperationId), $"{o.Method} {o.Path} has no operationId"));
        Assert.Equal(operations.Count, operations.Select(o => o.OperationId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TheDocumentIsOpenApi31WithTheMavenApiKeyScheme()
    {
        var yaml = File.ReadAllText(OpenApiDocument.FilePath);

        Assert.StartsWith("openapi: 3.1.", yaml, StringComparison.Ordinal);
        Assert.Contains("      type: apiKey\n      in: header\n      name: maven-api-key\n", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("security:\n  - ApiKey: []\n", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReaderFindsMethodsPathsAndOperationIds()
    {
        const string yaml = """
            openapi: 3.1.0
            paths:
              /a/{id}:
                parameters:
                  - name: id
                get:
                  operationId: GetA
                  responses: {}
                delete:
                  summary: "no id"
              "/b":
                post:
                  operationId: "PostB"
            components:
              schemas:
                get:
                  operationId: NotAnOperation
            """;

        var operations = OpenApiDocument.ReadOperations(yaml);

        Assert.Equal(
            [new OpenApiOperation("GET", "/a/{id}", "GetA"), new OpenApiOperation("DELETE", "/a/{id}", null), new OpenApiOperation("POST", "/b", "PostB")],
            operations);
    }

    private static IReadOnlyList<OpenApiOperation> DocumentedOperations() =>
        OpenApiDocument.ReadOperations(File.ReadAllText(OpenApiDocument.FilePath, Encoding.UTF8));

    private static async Task<List<string>> ServedOperations() =>
        (await ServedRoutes.ReadAsync())
            .Select(r => new OpenApiOperation(r.Verb, "/" + r.Template.TrimStart('/'), r.Name).Describe())
            .ToList();
}

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
        Assert.Equal(await File.ReadAllTextAsync(OpenApiDocument.FilePath), await response.Content.ReadAsStringAsync());
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
