using System.Net;
using System.Text.Json;
using ContextStore.Testing.Documents;

namespace ContextServer.EndToEndTests.OpenApi;

/// <summary>
/// openapi.yaml, docs/contract.md and ContextServer agree on answers, not only routes: each operation's documented
/// status codes are the ones the contract names, and a real 200 (and 403) of every GET has the documented schema.
/// </summary>
public sealed class OpenApiResponsesTests
{
    private const string Account = RunningServer.AccountA;

    private const string Namespace = "shape";

    [Fact]
    public void EveryOperationDocumentsExactlyTheStatusCodesTheContractNames()
    {
        var documented = OpenApiModel.Load().Operations();
        var contract = ContractDocument.ReadOperations(File.ReadAllText(ContractDocument.FilePath));

        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), contract.Keys.Order(StringComparer.Ordinal));
        var differences = documented
            .Where(o => !o.Value.Codes.SetEquals(contract[o.Key]))
            .Select(o => $"{o.Key}: openapi.yaml {string.Join(",", o.Value.Codes.Order())}, contract.md {string.Join(",", contract[o.Key].Order())}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join("; ", differences));
    }

    [Fact]
    public async Task EveryGetAnswersItsDocumented200And403Schemas()
    {
        var document = OpenApiModel.Load();
        var examples = OpenApiExamples.Of(document, Account, Namespace);
        var gets = examples.Where(r => r.Method == HttpMethod.Get).ToList();
        Assert.Equal(
            document.Operations().Where(o => o.Value.Method == "GET").Select(o => o.Key).Order(StringComparer.Ordinal),
            gets.Select(r => r.OperationId).Order(StringComparer.Ordinal));

        await using var server = await RunningServer.StartAsync();
        await SeedAsync(server, examples);
        var mismatches = new List<string>();
        foreach (var (operationId, _, path, _) in gets)
        {
            foreach (var (code, key) in new[] { (200, RunningServer.KeyA), (403, "wrong-key") })
            {
                using var response = await server.SendAsync(HttpMethod.Get, path, apiKey: key);
                Assert.True((int)response.StatusCode == code, $"{operationId} answered {(int)response.StatusCode}, expected {code}");
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                mismatches.AddRange(JsonSchemaShape.Mismatches(body.RootElement, document.ResponseSchema(operationId, code), document)
                    .Select(m => $"{operationId} {code} {m}"));
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void TheShapeCheckFindsAWrongTypeAMissingAndAnUndocumentedProperty()
    {
        var document = OpenApiModel.Load();
        using var wrong = JsonDocument.Parse("""[{"name":1,"ttlSecond":1.5,"extra":true}]""");

        var mismatches = JsonSchemaShape.Mismatches(wrong.RootElement, document.ResponseSchema("ListNamespaces", 200), document);

        Assert.Equal(
            ["$[0]: the required property 'createdAt' is missing", "$[0].name: Number is not string", "$[0].ttlSecond: Number is not integer",
                "$[0].extra: not a documented property"],
            mismatches);
    }

    /// <summary>The document's example writes, then values whose shapes are worth checking: a long number, nested nulls.</summary>
    private static async Task SeedAsync(RunningServer server, IReadOnlyList<ExampleRequest> examples)
    {
        var writes = examples
            .Where(r => r.Method != HttpMethod.Get && r.Method != HttpMethod.Delete)
            .Select(r => (r.Method, r.Path, r.Body!))
            .Concat(
            [
                (HttpMethod.Patch, $"/v1/account/{Account}/{Namespace}/properties", """{"big":12345678901234567890}"""),
                (HttpMethod.Patch, $"/v1/account/{Account}/{Namespace}/conv-42/properties", """{"orders":[1042,1043],"nested":{"a":null}}"""),
            ]);
        foreach (var (method, path, body) in writes)
        {
            using var response = await server.SendAsync(method, path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }
}
