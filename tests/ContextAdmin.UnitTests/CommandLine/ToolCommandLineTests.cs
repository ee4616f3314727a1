using ContextAdmin.CommandLine;
using ContextAdmin.UnitTests.Azd;

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
        Assert.Contains("ContextAdmin azd preprovision|postprovision", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzdPreprovisionRunsThePreprovisionCheck()
    {
        var azure = new ScriptedAzure { Region = new Region(GroupExists: false) };
        azure.Values["AZURE_ENV_NAME"] = "context-emea";

        var run = await ToolRun.RunAsync(["azd", "preprovision"], CancellationToken.None, azure);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("preprovision: rg-context-emea does not exist yet", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzdPostprovisionRunsThePostprovisionSteps()
    {
        var root = Directory.CreateTempSubdirectory("postprovision-command-").FullName;
        try
        {
            var azure = new ScriptedAzure();
            azure.Values["COSMOS_ENDPOINT"] = "https://cosmos-test.documents.azure.com:443/";
            azure.Values["COSMOS_DATABASE"] = "context";
            azure.Values["COSMOS_CONTAINER"] = "sessions";
            azure.Values["KEY_VAULT_URI"] = "https://kv-test.vault.azure.net/";

            var run = await ToolRun.RunAsync(["azd", "postprovision"], CancellationToken.None, azure, root);

            Assert.Equal(0, run.ExitCode);
            Assert.True(File.Exists(Path.Combine(root, "local.settings.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task AzdWithoutAHookIsABadArgument()
    {
        var run = await ToolRun.RunAsync(["azd"], CancellationToken.None);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("See: ContextAdmin azd --help", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("copy", "--from", "not a url", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le/1")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--page-size", "0")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--rate", "NaN")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--rate", "Infinity")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--rate", "1e300")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--rate", "1e-20")]
    [InlineData("copy", "--from", "http://127.0.0.1:1", "--from-key", "k", "--to", "http://127.0.0.1:1", "--to-key", "k", "--account", "le1", "--rate", "-1")]
    [InlineData("export", "--from", "http://127.0.0.1:1", "--from-key", "k", "--account", "le1", "--file", "x.jsonl", "--rate", "NaN")]
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
