using System.Diagnostics;
using System.Text.Json.Nodes;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>artifacts/bicep/main.json, compiled again by scripts/bicep-build.sh when missing or older than infra/.</summary>
internal static class CompiledTemplate
{
    public static readonly Lazy<string> Text = new(Load);
    public static readonly Lazy<JsonObject> Root = new(() => JsonNode.Parse(Text.Value)!.AsObject());

    public static string Path => RepositoryFiles.PathOf("artifacts", "bicep", "main.json");

    private static string Load()
    {
        if (!IsCurrent(Path))
        {
            Build();
        }

        Assert.True(File.Exists(Path), $"{Path} is missing after scripts/bicep-build.sh");
        return File.ReadAllText(Path);
    }

    private static bool IsCurrent(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var built = File.GetLastWriteTimeUtc(path);
        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("infra"), "*", SearchOption.AllDirectories)
            .Append(RepositoryFiles.PathOf("tools", "bicep", "bicep.proj"));
        return sources.All(source => File.GetLastWriteTimeUtc(source) <= built);
    }

    private static void Build()
    {
        var start = new ProcessStartInfo("bash", [RepositoryFiles.PathOf("scripts", "bicep-build.sh")])
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/bicep-build.sh took more than 10 minutes");
        }

        Assert.True(process.ExitCode == 0 && !output.Contains("SKIPPED", StringComparison.Ordinal),
            $"scripts/bicep-build.sh could not compile infra/main.bicep (exit code {process.ExitCode}):\n{output}\n{error.Result}");
    }
}
