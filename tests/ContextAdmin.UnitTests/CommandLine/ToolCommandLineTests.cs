using ContextAdmin.CommandLine;

namespace ContextAdmin.UnitTests.CommandLine;

public sealed class ToolCommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("context-tool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TheKeyCommandStillRunsFromTheRootBesideTheSubcommands()
    {
        var path = Path.Combine(_directory, "appsettings.json");

        var run = await ToolRun.RunAsync(["--account", "le1", "--appsettings", path], CancellationToken.None);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Output.Trim(), File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRootHelpIsTheKeyUsageAndNamesTheSubcommands()
    {
        var run = await ToolRun.RunAsync(["--help"], CancellationToken.None);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ContextAdmin --account <accountId> --vault", run.Output, StringComparison.Ordinal);
        Assert.Contains("copy|export|import", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("copy", "--from", "not a url", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le/1")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--page-size", "0")]
    [InlineData("export", "--from", "http://127.0.0.1:1", "--from-key", "k", "--account", "le1")]
    [InlineData("import", "--file", "/nonexistent/file.jsonl", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1")]
    [InlineData("copy", "--unknown")]
    public async Task BadTransferArgumentsExitWithTwoBeforeAnyRequest(params string[] args)
    {
        var run = await ToolRun.RunAsync(args, CancellationToken.None);

        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }
}
