using System.Net;
using System.Text.Json;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextAdmin.UnitTests.CommandLine;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.JsonLines;

/// <summary>
/// An import puts a namespace's registration and TTL in place before any of its sessions is written, so every session
/// imported expires by its namespace's TTL, even when the target is slow to register a namespace.
/// </summary>
public sealed class ImportOrderTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly string[] Namespaces = ["n1", "n2", "n3"];

    private readonly string _folder = Directory.CreateTempSubdirectory("context-import-order-").FullName;
    private SourceAndTarget _servers = null!;

    public async Task InitializeAsync()
    {
        _servers = await SourceAndTarget.StartAsync();
        foreach (var ns in Namespaces)
        {
            await Ok(_servers.Source.SendAsync(HttpMethod.Post, SeededContext.Path("?ttlSecond=600"), $$"""{"name":"{{ns}}"}"""));
            await Parallel.ForEachAsync(Enumerable.Range(0, 25), async (i, _) =>
                await Ok(_servers.Source.SendAsync(HttpMethod.Patch, SeededContext.Path($"/{ns}/s{i:D2}/properties"), $$"""{"i":{{i}}}""")));
        }
    }

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task EveryImportedSessionExpiresByItsNamespacesTtlEvenWhenRegistrationIsSlow()
    {
        var file = Path.Combine(_folder, "export.jsonl");
        var export = await ToolRun.RunAsync(
            ["export", "--from", _servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account, "--file", file, "--rate", "0"],
            CancellationToken.None);
        Assert.True(export.ExitCode == ExitCodes.Succeeded, export.ToString());
        _servers.TargetGate.BeforeRequest = async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value!.TrimEnd('/').EndsWith(SourceAndTarget.Account, StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        };

        var import = await ToolRun.RunAsync(
            ["import", "--file", file, "--to", _servers.TargetUrl, "--to-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account,
             "--failures", Path.Combine(_folder, "failures.jsonl")],
            CancellationToken.None);
        log.WriteLine(import.Error);
        Assert.True(import.ExitCode == ExitCodes.Succeeded, import.ToString());

        foreach (var ns in Namespaces)
        {
            Assert.Equal(25, (await SessionIdsAsync(ns)).Count);
        }

        _servers.Target.Clock.Advance(TimeSpan.FromSeconds(601));
        foreach (var ns in Namespaces)
        {
            Assert.Empty(await SessionIdsAsync(ns));
        }
    }

    private async Task<List<string>> SessionIdsAsync(string ns)
    {
        using var response = await _servers.Target.SendAsync(HttpMethod.Get, SeededContext.Path($"/{ns}/session-ids?perPage=1000"));
        return JsonSerializer.Deserialize<List<string>>(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
