using System.Diagnostics;
using ContextServer.EndToEndTests;
using ContextStore.Testing.Documents;

namespace ContextAdmin.IntegrationTests;

/// <summary>
/// ContextAdmin as a brand installs it: packed from the build under test, installed with <c>dotnet tool install</c> into
/// a folder of its own, and run by its command name.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _root = Directory.CreateTempSubdirectory("context-admin-tool-").FullName;

    [Fact]
    public async Task ThePackedToolInstallsAndAnswersHelpWithEveryCommandAndNoCosmosDbSdk()
    {
        var packages = Path.Combine(_root, "packages");
        var tools = Path.Combine(_root, "tools");
        await RunAsync("dotnet", "pack", RepositoryFiles.PathOf("src", "ContextAdmin"), "--no-build", "-c", Configuration, "-o", packages);
        await RunAsync("dotnet", "tool", "install", "ContextAdmin", "--tool-path", tools, "--add-source", packages);

        var help = await RunAsync(Path.Combine(tools, "context-admin"), "--help");

        foreach (var expected in new[] { "--account", "--vault", "--if-absent", "--local", "copy", "export", "import" })
        {
            Assert.Contains(expected, help, StringComparison.Ordinal);
        }

        var installed = Directory.EnumerateFiles(tools, "*.dll", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("ContextAdmin.dll", installed);
        Assert.Contains("ContextStore.Contract.dll", installed);
        Assert.DoesNotContain(installed, name => name!.StartsWith("Microsoft.Azure.Cosmos", StringComparison.Ordinal));
        Assert.DoesNotContain("ContextStore.dll", installed);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0,
            $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        return await output + await error;
    }
}
