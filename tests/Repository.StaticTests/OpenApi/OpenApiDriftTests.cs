using ContextStore.Http;
using ContextStore.Http.Operations;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.OpenApi;

/// <summary>
/// openapi.yaml and the operation table (<see cref="ContextOperations"/>) describe the same API: every operation is in
/// the document under its name as operationId, and the document has no operation the table does not declare.
/// (That ContextServer serves exactly the table is <c>ContextServer.EndToEndTests.ServedOperationsTests</c>.)
/// </summary>
public sealed class OpenApiDriftTests
{
    [Fact]
    public void TheDocumentListsExactlyTheOperationsOfTheTable()
    {
        var documented = DocumentedOperations().Select(o => o.Describe()).Order(StringComparer.Ordinal).ToList();
        var declared = DeclaredOperations().Order(StringComparer.Ordinal).ToList();

        var missingFromDocument = declared.Except(documented).ToList();
        var notDeclared = documented.Except(declared).ToList();
        Assert.True(
            missingFromDocument.Count == 0 && notDeclared.Count == 0,
            $"Declared but not in openapi.yaml: [{string.Join("; ", missingFromDocument)}]. " +
            $"In openapi.yaml but not declared: [{string.Join("; ", notDeclared)}].");
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
        var yaml = File.ReadAllText(OpenApiModel.FilePath);

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

        var operations = OpenApiModel.Parse(yaml).ListOperations();

        Assert.Equal(
            [new OpenApiOperation("GET", "/a/{id}", "GetA"), new OpenApiOperation("DELETE", "/a/{id}", null), new OpenApiOperation("POST", "/b", "PostB")],
            operations);
    }

    private static IReadOnlyList<OpenApiOperation> DocumentedOperations() =>
        OpenApiModel.Load().ListOperations();

    private static List<string> DeclaredOperations() =>
        ContextOperations.All
            .Select(o => new OpenApiOperation(o.Method, "/" + o.Route.TrimStart('/'), o.Name).Describe())
            .ToList();
}

