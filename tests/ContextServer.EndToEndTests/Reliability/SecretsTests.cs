using System.Net;
using ContextStore.Http;
using ContextStore.Http.Operations;
using ContextStore.Testing.Documents;
using Microsoft.Extensions.Logging;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>API keys never reach a log line, at any level, and one account's key opens no other account.</summary>
public sealed class SecretsTests : ServerWithCapturedLogs
{
    private const string A = "/v1/account/" + RunningServer.AccountA;
    private const string B = "/v1/account/" + RunningServer.AccountB;
    private const string WrongKey = "wrong-key-that-looks-real-91ac";

    [Fact]
    public async Task NoApiKeyAppearsInAnyLogLineOfAFullScenario()
    {
        await RunFullScenarioAsync();
        await SendAsync(HttpMethod.Patch, $"{B}/vault/s1/properties", """{"secret":"b"}""", RunningServer.KeyB, HttpStatusCode.NoContent);
        foreach (var (method, path, body) in EveryOperation(RunningServer.AccountB, "vault"))
        {
            await SendAsync(method, path, body, RunningServer.KeyA, HttpStatusCode.Forbidden);
        }

        var lines = Logs.Lines;
        Assert.Contains(lines, l => l.Contains("HTTP PATCH", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(nameof(LogLevel.Debug), StringComparison.Ordinal));
        foreach (var key in new[] { RunningServer.KeyA, RunningServer.KeyB, WrongKey })
        {
            Assert.DoesNotContain(lines, l => l.Contains(key, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void TheScenarioCallsEveryOperationOfTheContract() =>
        Assert.Equal(
            ContextOperations.All.Select(o => o.Name).Order(StringComparer.Ordinal),
            EveryOperation(RunningServer.AccountA, "handoff").Select(o => OperationRoutes.NameOf(o.Method.Method, o.Path)).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public async Task TheKeyOfAccountANeitherReadsNorWritesAccountB()
    {
        await SendAsync(HttpMethod.Post, B + "?ttlSecond=3600", """{"name":"vault"}""", RunningServer.KeyB, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Patch, $"{B}/vault/properties", """{"shared":"b"}""", RunningServer.KeyB, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Patch, $"{B}/vault/s1/properties", """{"secret":"b","p":1}""", RunningServer.KeyB, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Post, $"{B}/namespace/vault/session?ttlSecond=600", """{"sessionId":"s1"}""", RunningServer.KeyB, HttpStatusCode.NoContent);
        var before = await StoredDocuments.ReadAllAsync(Server);
        var readByB = await SendAsync(HttpMethod.Get, $"{B}/vault/s1/properties", null, RunningServer.KeyB, HttpStatusCode.OK);

        foreach (var (method, path, body) in EveryOperation(RunningServer.AccountB, "vault"))
        {
            var refusal = await SendAsync(method, path, body, RunningServer.KeyA, HttpStatusCode.Forbidden);
            Assert.DoesNotContain("secret", refusal, StringComparison.Ordinal);
        }

        Assert.Equal(before, await StoredDocuments.ReadAllAsync(Server));
        Assert.Equal(readByB, await SendAsync(HttpMethod.Get, $"{B}/vault/s1/properties", null, RunningServer.KeyB, HttpStatusCode.OK));
    }

    /// <summary>Every operation of the contract on account A, with a 403, a 412 and a 413 among them.</summary>
    private async Task RunFullScenarioAsync()
    {
        foreach (var (method, path, body) in EveryOperation(RunningServer.AccountA, "handoff").Where(o => o.Method != HttpMethod.Delete))
        {
            await SendAsync(method, path, body, RunningServer.KeyA, method == HttpMethod.Get ? HttpStatusCode.OK : HttpStatusCode.NoContent);
        }

        using (var read = await Server.SendAsync(HttpMethod.Get, $"{A}/handoff/conv-42/properties"))
        {
            var etag = read.Headers.ETag!.ToString();
            await SendAsync(HttpMethod.Put, $"{A}/handoff/conv-42/properties/tier", "\"platinum\"", RunningServer.KeyA, HttpStatusCode.NoContent);
            using var stale = await Server.SendAsync(
                HttpMethod.Put, $"{A}/handoff/conv-42/properties/tier", "\"silver\"",
                configure: r => r.Headers.TryAddWithoutValidation("If-Match", etag));
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        var tooLarge = $$"""{"big":"{{new string('x', 800_001)}}"}""";
        await SendAsync(HttpMethod.Patch, $"{A}/handoff/conv-42/properties", tooLarge, RunningServer.KeyA, HttpStatusCode.RequestEntityTooLarge);
        await SendAsync(HttpMethod.Get, $"{A}/handoff/conv-42/properties", null, WrongKey, HttpStatusCode.Forbidden);
        await SendAsync(HttpMethod.Get, $"{A}/handoff/conv-42/properties", null, RunningServer.KeyB, HttpStatusCode.Forbidden);

        foreach (var (method, path, body) in EveryOperation(RunningServer.AccountA, "handoff").Where(o => o.Method == HttpMethod.Delete))
        {
            await SendAsync(method, path, body, RunningServer.KeyA, HttpStatusCode.NoContent);
        }
    }

    /// <summary>Every operation, from openapi.yaml's examples, in an order that makes every read find something, the deletes last.</summary>
    internal static IEnumerable<(HttpMethod Method, string Path, string? Body)> EveryOperation(string accountId, string ns) =>
        OpenApiExamples.Of(OpenApiModel.Load(), accountId, ns).Select(r => (r.Method, r.Path, r.Body));

    private async Task<string> SendAsync(HttpMethod method, string path, string? body, string apiKey, HttpStatusCode expected)
    {
        using var response = await Server.SendAsync(method, path, body, apiKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }
}
