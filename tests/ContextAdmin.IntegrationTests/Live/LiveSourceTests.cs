using System.Net;
using System.Text.Json;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextAdmin.UnitTests.CommandLine;
using ContextServer.EndToEndTests;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Live;

/// <summary>
/// A copy and an export of a source whose sessions expire and are deleted while the run goes on: sessions that sort
/// first go away, moving every later one to an earlier position. A run that exits 0 holds every session that stayed
/// live from its start to its end.
/// </summary>
public sealed class LiveSourceTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Ns = "live";
    private const int Expiring = 150;
    private const int Permanent = 450;

    private readonly string _folder = Directory.CreateTempSubdirectory("context-live-").FullName;
    private SourceAndTarget _servers = null!;

    public async Task InitializeAsync()
    {
        _servers = await SourceAndTarget.StartAsync();
        var source = _servers.Source;
        await Ok(source.SendAsync(HttpMethod.Post, SeededContext.Path(""), $$"""{"name":"{{Ns}}"}"""));
        await Parallel.ForEachAsync(Enumerable.Range(0, Expiring + Permanent), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var id = i < Expiring ? $"a-{i:D3}" : $"p-{i - Expiring:D3}";
            if (i < Expiring)
            {
                await Ok(source.SendAsync(HttpMethod.Post, SeededContext.Path($"/namespace/{Ns}/session?ttlSecond=60"), $$"""{"sessionId":"{{id}}"}"""));
            }

            await Ok(source.SendAsync(HttpMethod.Patch, SeededContext.Path($"/{Ns}/{id}/properties"), $$"""{"id":"{{id}}","n":12345678901234567890}"""));
        });
    }

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SessionsThatExpireOrAreDeletedDuringACopyMakeNoLiveSessionMissing()
    {
        _servers.TargetGate.AfterWrite = writes =>
        {
            if (writes == 100)
            {
                // Every a-… session expires at once: 150 positions fewer before the copy's current page.
                _servers.Source.Clock.Advance(TimeSpan.FromHours(1));
            }
            else if (writes == 300)
            {
                DeleteAtSource("p-000", "p-001", "p-002", "p-003", "p-004");
            }
        };

        var run = await _servers.CopyAsync(CancellationToken.None, "--page-size", "50", "--failures", Path.Combine(_folder, "failures.jsonl"));
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        var copied = await SessionIdsAsync(_servers.Target);
        Assert.Equal(Enumerable.Range(0, Permanent).Select(i => $"p-{i:D3}"), copied.Where(id => id.StartsWith("p-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SessionsThatExpireDuringAnExportMakeNoLiveSessionMissingFromTheFile()
    {
        _servers.SourceGate.AfterListing = listings =>
        {
            if (listings == 3)
            {
                _servers.Source.Clock.Advance(TimeSpan.FromHours(1));
            }
        };
        var file = Path.Combine(_folder, "live.jsonl");

        var run = await ToolRun.RunAsync(
            ["export", "--from", _servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account, "--file", file,
             "--rate", "0", "--page-size", "50", "--failures", Path.Combine(_folder, "failures.jsonl")],
            CancellationToken.None);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        var exported = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("type").GetString() == "session")
            .Select(l => l.GetProperty("sessionId").GetString()!)
            .Where(id => id.StartsWith("p-", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(Enumerable.Range(0, Permanent).Select(i => $"p-{i:D3}"), exported);
    }

    private void DeleteAtSource(params string[] ids)
    {
        foreach (var id in ids)
        {
            using var response = _servers.Source.SendAsync(HttpMethod.Delete, SeededContext.Path($"/namespace/{Ns}/session/{id}")).GetAwaiter().GetResult();
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    private static async Task<List<string>> SessionIdsAsync(RunningServer server)
    {
        using var response = await server.SendAsync(HttpMethod.Get, SeededContext.Path($"/{Ns}/session-ids?perPage=1000"));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<List<string>>(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
