using ContextStore.Testing.Documents;
using System.Diagnostics;
using System.Runtime.Versioning;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// hooks/postprovision.sh under the azd values that leave this machine unable to write to the vault (the private
/// network, no data access for the deploying principal): it prints the command to run from a machine that can, and
/// does not start the key tool (which would retry for 10 minutes). Its other behaviour is covered by
/// tests/ContextAdmin.IntegrationTests/PostprovisionHookTests.cs.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PostprovisionKeyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("postprovision-key-").FullName;
    private string Repository => Path.Combine(_root, "repo");
    private string FakeBin => Path.Combine(_root, "bin");
    private string DotnetCalls => Path.Combine(_root, "dotnet-calls.log");

    public PostprovisionKeyTests()
    {
        Directory.CreateDirectory(Path.Combine(Repository, "hooks"));
        Directory.CreateDirectory(FakeBin);
        File.Copy(RepositoryFiles.PathOf("hooks", "postprovision.sh"), Path.Combine(Repository, "hooks", "postprovision.sh"));
        WriteScript("azd", """
            #!/bin/sh
            case "$1 $2" in
                "env get-values") cat "$FAKE_AZD_ENV" ;;
                *) echo "fake azd: unexpected $*" >&2; exit 99 ;;
            esac
            """);
        WriteScript("dotnet", """
            #!/bin/sh
            echo "$*" >> "$FAKE_DOTNET_CALLS"
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("CONTEXT_PRIVATE_NETWORK", "true", "the vault accepts only traffic from its private endpoint")]
    [InlineData("CONTEXT_DEPLOYER_DATA_ACCESS", "false", "the deploying principal holds no Key Vault role")]
    public async Task TheFirstKeyIsLeftToAMachineThatCanWriteToTheVault(string name, string value, string reason)
    {
        var run = await RunAsync((name, value));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(reason, run.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/ContextAdmin -- --vault https://kv-test.vault.azure.net/ --account le12345678 --if-absent", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(DotnetCalls), "the hook started the key tool");
        Assert.True(File.Exists(Path.Combine(Repository, "local.settings.json")));
    }

    [Fact]
    public async Task WithThePublicNetworkAndDeployerDataAccessTheHookStartsTheKeyTool()
    {
        var run = await RunAsync(("CONTEXT_PRIVATE_NETWORK", "false"), ("CONTEXT_DEPLOYER_DATA_ACCESS", "true"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("run --no-build --project src/ContextAdmin -- --vault https://kv-test.vault.azure.net/ --account le12345678 --if-absent",
            File.ReadAllText(DotnetCalls), StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params (string Name, string Value)[] values)
    {
        var azdEnvironment = Path.Combine(_root, "azd.env");
        File.WriteAllLines(azdEnvironment,
        [
            "COSMOS_ENDPOINT=\"https://cosmos-test.documents.azure.com:443/\"",
            "COSMOS_DATABASE=\"context\"",
            "COSMOS_CONTAINER=\"sessions\"",
            "KEY_VAULT_URI=\"https://kv-test.vault.azure.net/\"",
            "CONTEXT_FIRST_ACCOUNT=\"le12345678\"",
            .. values.Select(v => $"{v.Name}=\"{v.Value}\""),
        ]);
        var start = new ProcessStartInfo("sh", [Path.Combine(Repository, "hooks", "postprovision.sh")])
        {
            WorkingDirectory = Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = FakeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_AZD_ENV"] = azdEnvironment;
        start.Environment["FAKE_DOTNET_CALLS"] = DotnetCalls;
        start.Environment["CONTEXT_KEY_RETRY_SECONDS"] = "1";
        start.Environment["CONTEXT_KEY_RETRY_INTERVAL_SECONDS"] = "1";

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private void WriteScript(string name, string text)
    {
        var path = Path.Combine(FakeBin, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
