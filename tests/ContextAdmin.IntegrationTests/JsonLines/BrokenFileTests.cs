using System.Net;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextAdmin.UnitTests.CommandLine;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.JsonLines;

/// <summary>
/// Import files that lie: cut, changed, joined, without header, of another account. Each is refused before anything
/// is written, with a message that says what is wrong and what to do, unless a flag says otherwise.
/// </summary>
public sealed class BrokenFileTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("context-broken-").FullName;
    private SourceAndTarget _servers = null!;

    public static TheoryData<string> Damages => ["two records on one line", "text after a record", "a cut at a line break", "a cut inside a line",
        "a changed value", "no header", "a blank line", "a record after the trailer"];

    public async Task InitializeAsync() => _servers = await SourceAndTarget.StartAsync();

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task ADamagedFileIsRefusedBeforeAnythingIsWritten(string damage)
    {
        var file = ExportFiles.Write(Path.Combine(_folder, "damaged.jsonl"), Damaged(damage));

        var run = await ImportAsync(file);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.Contains("is not a whole export", run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported. Export it again, or give --allow-damaged", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("rerun", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, _servers.TargetGate.Writes);
    }

    [Fact]
    public async Task WithAllowDamagedTheWholeRecordsAreImportedAndTheDamagedLineListed()
    {
        var file = ExportFiles.Write(Path.Combine(_folder, "joined.jsonl"), Damaged("two records on one line"));

        var run = await ImportAsync(file, "--allow-damaged");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: line 3: not imported: a line must be one JSON object and nothing after it", run.Error, StringComparison.Ordinal);
        Assert.Equal("1.50", await TargetBodyAsync("/orders/s2/properties/total"));
        Assert.Equal(HttpStatusCode.NotFound, await TargetStatusAsync("/orders/s1/properties/total"));
    }

    [Fact]
    public async Task AFileOfAnotherAccountIsRefusedUnlessAllowed()
    {
        var file = ExportFiles.Write(Path.Combine(_folder, "other.jsonl"), ExportFiles.Whole("le22222222", ExportFiles.Records));

        var refused = await ImportAsync(file);
        Assert.True(refused.ExitCode == ExitCodes.Failed, refused.ToString());
        Assert.Contains($"is an export of account le22222222, not of {SourceAndTarget.Account}. Nothing was imported.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, _servers.TargetGate.Writes);

        var allowed = await ImportAsync(file, "--allow-other-account", "--verify");
        log.WriteLine(allowed.Error);
        Assert.True(allowed.ExitCode == ExitCodes.Succeeded, allowed.ToString());
        Assert.Contains("verify: 0 differences", allowed.Error, StringComparison.Ordinal);
        Assert.Equal("12345678901234567890", await TargetBodyAsync("/orders/s1/properties/total"));
    }

    [Fact]
    public async Task ACutFileLeavesNoCheckpointAndTheMendedFileImportsWithTheSameOne()
    {
        var checkpoint = Path.Combine(_folder, "import.checkpoint.json");
        var whole = ExportFiles.Whole(SourceAndTarget.Account, ExportFiles.Records);
        var file = ExportFiles.Write(Path.Combine(_folder, "export.jsonl"), Damaged("a cut inside a line"));

        var cut = await ImportAsync(file, "--checkpoint", checkpoint);
        log.WriteLine(cut.Error);
        Assert.True(cut.ExitCode == ExitCodes.Failed, cut.ToString());
        Assert.False(File.Exists(checkpoint));

        ExportFiles.Write(file, whole);
        var mended = await ImportAsync(file, "--checkpoint", checkpoint, "--verify");
        log.WriteLine(mended.Error);
        Assert.True(mended.ExitCode == ExitCodes.Succeeded, mended.ToString());
        Assert.Contains("verify: 0 differences", mended.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckpointOfAnotherFileContentSaysHowToStartOverAndWritesNothing()
    {
        var checkpoint = Path.Combine(_folder, "import.checkpoint.json");
        var file = ExportFiles.Write(Path.Combine(_folder, "export.jsonl"), ExportFiles.Whole(SourceAndTarget.Account, ExportFiles.Records));
        Assert.Equal(ExitCodes.Succeeded, (await ImportAsync(file, "--checkpoint", checkpoint)).ExitCode);
        ExportFiles.Write(file, ExportFiles.Whole(SourceAndTarget.Account, ExportFiles.Records[..^1]));
        var writesBefore = _servers.TargetGate.Writes;

        var run = await ImportAsync(file, "--checkpoint", checkpoint);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.Contains("a file whose content differs from this one's", run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported. Give another --checkpoint, or remove this one", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("continue", run.Error, StringComparison.Ordinal);
        Assert.Equal(writesBefore, _servers.TargetGate.Writes);
    }

    [Fact]
    public async Task ANamespaceNamedDotInAFileIsListedAndNoOtherNamespaceIsWritten()
    {
        using (var seeded = await _servers.Target.SendAsync(HttpMethod.Patch, SeededContext.Path("/victimns/properties"), """{"owner":"victim"}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, seeded.StatusCode);
        }

        var file = ExportFiles.Write(Path.Combine(_folder, "dot.jsonl"), ExportFiles.Whole(SourceAndTarget.Account,
        [
            """{"type":"namespace","name":".","registered":false,"ttlSecond":null,"properties":{}}""",
            """{"type":"session","namespace":".","sessionId":"victimns","properties":{"owner":"intruder"}}""",
            .. ExportFiles.Records,
        ]));

        var run = await ImportAsync(file);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: namespace . session victimns: Invalid namespace '.'", run.Error, StringComparison.Ordinal);
        Assert.Equal("""{"owner":"victim"}""", await TargetBodyAsync("/victimns/properties"));
        Assert.Equal("1.50", await TargetBodyAsync("/orders/s2/properties/total"));
    }

    private static List<string> Damaged(string damage)
    {
        var lines = ExportFiles.Whole(SourceAndTarget.Account, ExportFiles.Records);
        switch (damage)
        {
            case "two records on one line":
                lines[2] += lines[3];
                lines.RemoveAt(3);
                break;
            case "text after a record":
                lines[3] += " and more";
                break;
            case "a cut at a line break":
                lines.RemoveRange(4, lines.Count - 4);
                break;
            case "a cut inside a line":
                lines[3] = lines[3][..40];
                lines.RemoveRange(4, lines.Count - 4);
                break;
            case "a changed value":
                lines[4] = lines[4].Replace("1.50", "1.5", StringComparison.Ordinal);
                break;
            case "no header":
                lines.RemoveAt(0);
                break;
            case "a blank line":
                lines.Insert(3, "");
                break;
            case "a record after the trailer":
                lines.Add(lines[3]);
                break;
        }

        return lines;
    }

    private Task<ToolRun> ImportAsync(string file, params string[] extra) =>
        ToolRun.RunAsync(
            ["import", "--file", file, "--to", _servers.TargetUrl, "--to-key", SourceAndTarget.Key, "--account", SourceAndTarget.Account,
             "--failures", Path.Combine(_folder, "failures.jsonl"), .. extra],
            CancellationToken.None);

    private async Task<string> TargetBodyAsync(string rest)
    {
        using var response = await _servers.Target.SendAsync(HttpMethod.Get, SeededContext.Path(rest));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private async Task<HttpStatusCode> TargetStatusAsync(string rest)
    {
        using var response = await _servers.Target.SendAsync(HttpMethod.Get, SeededContext.Path(rest));
        return response.StatusCode;
    }
}
