using System.Buffers;
using System.Text;
using ContextAdmin.JsonLines;

namespace ContextAdmin.UnitTests.JsonLines;

public sealed class ExportFileCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("context-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AWholeExportChecksOut()
    {
        var path = await WriteExportAsync("whole.jsonl");

        var check = await ExportFileCheck.ReadAsync(path, "LE1", CancellationToken.None);

        Assert.True(check.IsIntact, string.Join("; ", check.Describe()));
        Assert.Null(check.OtherAccount);
        Assert.Equal("le1", check.Header!.Account);
    }

    [Fact]
    public async Task TwoRecordsOnOneLineAreADamagedLineAndTheCountsNoLongerMatch()
    {
        var path = await WriteExportAsync("joined.jsonl");
        var lines = File.ReadAllLines(path).ToList();
        lines[2] += lines[3];
        lines.RemoveAt(3);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");

        var check = await ExportFileCheck.ReadAsync(path, "le1", CancellationToken.None);

        Assert.False(check.IsIntact);
        Assert.Contains(3, check.DamagedLines.Keys);
        Assert.Contains(check.FileProblems, p => p.Contains("does not match the checksum", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileCutAtALineBreakHasNoTrailer()
    {
        var path = await WriteExportAsync("cut.jsonl");
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, string.Join("\n", lines[..^2]) + "\n");

        var check = await ExportFileCheck.ReadAsync(path, "le1", CancellationToken.None);

        Assert.Empty(check.DamagedLines);
        Assert.Contains(check.FileProblems, p => p.StartsWith("it ends without its trailer line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileCutInsideALineHasADamagedLastLine()
    {
        var path = await WriteExportAsync("cut-inside.jsonl");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..text.IndexOf("\"n\":1", StringComparison.Ordinal)]);

        var check = await ExportFileCheck.ReadAsync(path, "le1", CancellationToken.None);

        Assert.Single(check.DamagedLines);
        Assert.Contains(check.FileProblems, p => p.StartsWith("it was cut", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChangedValueDoesNotMatchTheChecksum()
    {
        var path = await WriteExportAsync("changed.jsonl");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"n\":1", "\"n\":2", StringComparison.Ordinal));

        var check = await ExportFileCheck.ReadAsync(path, "le1", CancellationToken.None);

        Assert.Empty(check.DamagedLines);
        Assert.Contains(check.FileProblems, p => p.Contains("does not match the checksum", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileWithoutItsHeaderIsNotAWholeExport()
    {
        var path = await WriteExportAsync("headless.jsonl");
        File.WriteAllLines(path, File.ReadAllLines(path)[1..]);

        var check = await ExportFileCheck.ReadAsync(path, "le1", CancellationToken.None);

        Assert.Contains(check.FileProblems, p => p.StartsWith("it has no header line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExportOfAnotherAccountIsNamed()
    {
        var path = await WriteExportAsync("other.jsonl");

        var check = await ExportFileCheck.ReadAsync(path, "le2", CancellationToken.None);

        Assert.True(check.IsIntact);
        Assert.Equal("le1", check.OtherAccount);
    }

    [Fact]
    public async Task ASessionBeforeItsNamespaceLineIsADamagedLine()
    {
        var path = Path.Combine(_directory, "order.jsonl");
        await using (var file = await JsonLinesFileWriter.CreateAsync(path, Header(), CancellationToken.None))
        {
            await file.WriteAsync(new SessionLine("orders", "s1", "{}"u8.ToArray()), CancellationToken.None);
            await file.WriteAsync(new NamespaceLine("orders", true, 60, "{}"u8.ToArray()), CancellationToken.None);
            await file.CompleteAsync(CancellationToken.None);
        }

        var check = await ExportFileCheck.ReadAsync(path, "le1", CancellationToken.None);

        Assert.Equal("a record of namespace orders before the namespace's own line", Assert.Single(check.DamagedLines).Value);
    }

    private async Task<string> WriteExportAsync(string name)
    {
        var path = Path.Combine(_directory, name);
        await using var file = await JsonLinesFileWriter.CreateAsync(path, Header(), CancellationToken.None);
        await file.WriteAsync(new NamespaceLine("orders", true, 60, """{"region":"emea"}"""u8.ToArray()), CancellationToken.None);
        await file.WriteAsync(new SessionTtlLine("orders", "s1", 600), CancellationToken.None);
        await file.WriteAsync(new SessionLine("orders", "s1", """{"n":1}"""u8.ToArray()), CancellationToken.None);
        await file.WriteAsync(new SessionLine("orders", "s2", """{"n":12345678901234567890}"""u8.ToArray()), CancellationToken.None);
        await file.CompleteAsync(CancellationToken.None);
        return path;
    }

    private static HeaderLine Header() => new(2, "https://source.example", "le1", DateTimeOffset.UnixEpoch);
}
