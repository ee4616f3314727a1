using System.Text.Json;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextAdmin.UnitTests.CommandLine;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.JsonLines;

public sealed class ExportImportTests(ITestOutputHelper log) : SeededTransferTests("context-export-")
{
    [Fact]
    public async Task AnExportImportedIntoAnEmptyDeploymentVerifiesWithNoDifferences()
    {
        var file = Path.Combine(WorkFolder, "le11111111.jsonl");
        var export = await ToolRun.RunAsync(
            ["export", "--from", Servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account, "--file", file,
             "--namespace", SeededContext.Unregistered, "--rate", "0", "--page-size", "40", "--verify"],
            CancellationToken.None);
        log.WriteLine(export.Error);
        Assert.True(export.ExitCode == ExitCodes.Succeeded, export.ToString());
        Assert.Contains("verify: 0 differences", export.Error, StringComparison.Ordinal);

        var lines = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var ttlLines = (SeededContext.OrderSessions + 6) / 7 + 1;
        Assert.Equal(2 + 3 + SeededContext.OrderSessions + SeededContext.LargeSessions + 5 + ttlLines, lines.Count);
        Assert.Equal("header", lines[0].GetProperty("type").GetString());
        Assert.Equal(SourceAndTarget.Account, lines[0].GetProperty("account").GetString());
        Assert.Equal("trailer", lines[^1].GetProperty("type").GetString());
        Assert.Equal("namespace", lines[1].GetProperty("type").GetString());
        Assert.Equal("bots", lines[1].GetProperty("name").GetString());
        var ttl = lines.Single(l => l.GetProperty("type").GetString() == "sessionTtl" && l.GetProperty("sessionId").GetString() == SeededContext.SessionId(7));
        Assert.Equal(607, ttl.GetProperty("ttlSecond").GetInt64());
        var session = lines.Single(l => l.GetProperty("type").GetString() == "session" && l.GetProperty("sessionId").GetString() == SeededContext.SessionId(7));
        Assert.Equal("123456789012345678907", session.GetProperty("properties").GetProperty("total").GetRawText());

        var import = await ToolRun.RunAsync(
            ["import", "--file", file, "--to", Servers.TargetUrl, "--to-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account, "--verify"],
            CancellationToken.None);
        log.WriteLine(import.Error);
        Assert.True(import.ExitCode == ExitCodes.Succeeded, import.ToString());
        Assert.Contains("verify: 0 differences", import.Error, StringComparison.Ordinal);

        // And the target against the source itself, through the API on both sides.
        var compare = await Servers.CopyAsync(CancellationToken.None, "--dry-run", "--verify", "--namespace", SeededContext.Unregistered);
        Assert.True(compare.ExitCode == ExitCodes.Succeeded, compare.ToString());
        Assert.Contains("verify: 0 differences", compare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInterruptedImportResumesFromItsCheckpointAndVerifiesWithNoDifferences()
    {
        var file = Path.Combine(WorkFolder, "export.jsonl");
        var checkpoint = Path.Combine(WorkFolder, "import.checkpoint.json");
        Assert.Equal(ExitCodes.Succeeded, (await ToolRun.RunAsync(
            ["export", "--from", Servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account, "--file", file, "--rate", "0"],
            CancellationToken.None)).ExitCode);

        using var interruption = new CancellationTokenSource();
        Servers.TargetGate.AfterWrite = writes =>
        {
            if (writes == 100)
            {
                interruption.Cancel();
            }
        };
        string[] args = ["import", "--file", file, "--to", Servers.TargetUrl, "--to-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account, "--checkpoint", checkpoint];
        var first = await ToolRun.RunAsync(args, interruption.Token);
        Assert.True(first.ExitCode == ExitCodes.Interrupted, first.ToString());

        Servers.TargetGate.AfterWrite = null;
        var writesBefore = Servers.TargetGate.Writes;
        var second = await ToolRun.RunAsync([.. args, "--verify"], CancellationToken.None);
        log.WriteLine(second.Error);

        Assert.True(second.ExitCode == ExitCodes.Succeeded, second.ToString());
        Assert.Contains("continuing after line", second.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 0 differences", second.Error, StringComparison.Ordinal);
        Assert.True(Servers.TargetGate.Writes - writesBefore < SeededContext.OrderSessions, "the rerun started over");
    }
}
