using ContextStore.Testing.Documents;
using System.Net;
using System.Text.Json;

namespace ContextServer.EndToEndTests.OpenApi;

/// <summary>
/// openapi.yaml, docs/contract.md and ContextServer agree on answers, not only routes: each operation's documented
/// status codes are the ones the contract names, and a real 200 (and 403) of every GET has the documented schema.
/// </summary>
public sealed class OpenApiResponsesTests
{
    private const string Account = RunningServer.AccountA;

    /// <summary>A request of each GET operation, against the data <see cref="SeedAsync"/> writes.</summary>
    private static readonly Dictionary<string, string> GetRequests = new(StringComparer.Ordinal)
    {
        ["ListNamespaces"] = $"/v1/account/{Account}",
        ["GetNamespaceProperties"] = $"/v1/account/{Account}/shape/properties",
        ["GetNamespaceProperty"] = $"/v1/account/{Account}/shape/properties/intent",
        ["GetSessionProperties"] = $"/v1/account/{Account}/shape/s1/properties",
        ["GetSessionProperty"] = $"/v1/account/{Account}/shape/s1/properties/orders",
        ["ListSessionIds"] = $"/v1/account/{Account}/shape/session-ids",
        ["ListSessionsWithProperties"] = $"/v1/account/{Account}/shape/session-properties",
        ["ListSessionTtls"] = $"/v1/account/{Account}/namespace/shape/session",
    };

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
        var gets = document.Operations().Where(o => o.Value.Method == "GET").Select(o => o.Key).Order(StringComparer.Ordinal);
        Assert.Equal(gets, GetRequests.Keys.Order(StringComparer.Ordinal));

        await using var server = await RunningServer.StartAsync();
        await SeedAsync(server);
        var mismatches = new List<string>();
        foreach (var (operationId, path) in GetRequests)
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

    private static async Task SeedAsync(RunningServer server)
    {
        (string Method, string Path, string Body)[] writes =
        [
            ("POST", $"/v1/account/{Account}?ttlSecond=3600", """{"name":"shape"}"""),
            ("PATCH", $"/v1/account/{Account}/shape/properties", """{"intent":"billing-dispute","big":12345678901234567890}"""),
            ("PATCH", $"/v1/account/{Account}/shape/s1/properties", """{"orders":[1042,1043],"nested":{"a":null}}"""),
            ("POST", $"/v1/account/{Account}/namespace/shape/session?ttlSecond=100", """{"sessionId":"s1"}"""),
        ];
        foreach (var (method, path, body) in writes)
        {
            using var response = await server.SendAsync(new HttpMethod(method), path, body);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }
}
