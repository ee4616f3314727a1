using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// What ARM would deploy for a set of azd environment values, without Azure: infra/main.parameters.json is resolved
/// as azd resolves it (<c>${NAME}</c> and <c>${NAME=default}</c>, empty values left to the template's default, text
/// converted to the parameter's type), and <c>bicep snapshot</c> evaluates infra/main.bicep with those parameters in
/// the ARM template engine: conditions, loops, functions and <c>fail()</c> are evaluated as a deployment's validation
/// would (what <c>azd provision --preview</c> runs first); only values that exist once resources do
/// (<c>reference()</c>) stay expressions.
/// </summary>
internal static partial class AzdProvisionPreview
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string PrincipalId = "11111111-2222-3333-4444-555555555555";

    /// <summary>The values every azd environment has: its name, its region and the signed-in principal.</summary>
    public static IReadOnlyDictionary<string, string> BaseEnvironment { get; } = new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = "context-emea",
        ["AZURE_LOCATION"] = "westeurope",
        ["AZURE_PRINCIPAL_ID"] = PrincipalId,
    };

    private static readonly ConcurrentDictionary<string, Lazy<Outcome>> Cache = new();

    /// <summary>The deployment for the base environment plus <paramref name="values"/>; fails the test if ARM refuses it.</summary>
    public static Snapshot Of(params (string Name, string Value)[] values)
    {
        var outcome = Run(values);
        Assert.True(outcome.Snapshot is not null, $"ARM refuses the deployment for {Describe(values)}: {outcome.Failure}");
        return outcome.Snapshot;
    }

    /// <summary>Why ARM refuses the deployment for these values; fails the test if it accepts it.</summary>
    public static string FailureOf(params (string Name, string Value)[] values)
    {
        var outcome = Run(values);
        Assert.True(outcome.Failure is not null, $"ARM accepts the deployment for {Describe(values)}");
        return outcome.Failure;
    }

    public static Outcome Run(params (string Name, string Value)[] values)
    {
        var environment = new Dictionary<string, string>(BaseEnvironment);
        foreach (var (name, value) in values)
        {
            environment[name] = value;
        }

        var key = string.Join('\n', environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        return Cache.GetOrAdd(key, _ => new Lazy<Outcome>(() => Evaluate(environment))).Value;
    }

    /// <summary>The template's parameters as azd passes them for this environment: name to JSON value.</summary>
    public static Dictionary<string, JsonNode> ParametersFor(IReadOnlyDictionary<string, string> environment)
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("infra", "main.parameters.json")))!;
        var declared = CompiledTemplate.Root.Value["parameters"]!.AsObject();
        var parameters = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (name, entry) in file["parameters"]!.AsObject())
        {
            var text = AzdReference().Replace(entry!["value"]!.GetValue<string>(), m =>
                environment.TryGetValue(m.Groups["name"].Value, out var value) ? value
                : m.Groups["default"].Success ? m.Groups["default"].Value
                : "");
            if (text.Length == 0)
            {
                continue;
            }

            var type = declared[name]?["type"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"main.parameters.json sets {name}, which infra/main.bicep does not declare");
            parameters[name] = type switch
            {
                "int" => JsonValue.Create(int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)),
                "bool" => JsonValue.Create(bool.Parse(text)),
                _ => JsonValue.Create(text),
            };
        }

        return parameters;
    }

    private static Outcome Evaluate(Dictionary<string, string> environment)
    {
        var parameters = ParametersFor(environment);
        var folder = RepositoryFiles.PathOf("artifacts", "bicep", "snapshots");
        Directory.CreateDirectory(folder);
        var text = new StringBuilder("using '../../../infra/main.bicep'\n");
        foreach (var (name, value) in parameters)
        {
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {BicepLiteral(value)}\n");
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        var paramFile = Path.Combine(folder, $"{id}.bicepparam");
        var snapshotFile = Path.Combine(folder, $"{id}.snapshot.json");
        File.WriteAllText(paramFile, text.ToString());
        File.Delete(snapshotFile);

        var (exitCode, output) = BicepCli.Run(folder,
            "snapshot", paramFile, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
            "--location", environment["AZURE_LOCATION"], "--deployment-name", $"azd-{environment["AZURE_ENV_NAME"]}");
        if (exitCode != 0)
        {
            // A value the compiler already refuses (a type, @allowed, @minValue or @maxValue) is reported at its line of
            // the parameters file: name the parameter there instead.
            var lines = text.ToString().Split('\n');
            var failure = Diagnostic().Replace(output.Trim(), m =>
                $"{lines[int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture) - 1].Split('=')[0].Trim()}:");
            return new Outcome(null, failure);
        }

        var resources = JsonNode.Parse(File.ReadAllText(snapshotFile))!["predictedResources"]!.AsArray()
            .Select(r => r!.AsObject()).ToList();
        return new Outcome(new Snapshot(resources), null);
    }

    private static string BicepLiteral(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => $"'{value.GetValue<string>().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'",
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static string Describe((string Name, string Value)[] values) =>
        values.Length == 0 ? "the quickstart values" : string.Join(", ", values.Select(v => $"{v.Name}={v.Value}"));

    [GeneratedRegex(@"\S+\.bicepparam\((?<line>\d+),\d+\) :")]
    private static partial Regex Diagnostic();

    [GeneratedRegex("""\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}""")]
    private static partial Regex AzdReference();

    public sealed record Outcome(Snapshot? Snapshot, string? Failure);

    /// <summary>The resources a deployment would create or update, modules' included.</summary>
    public sealed class Snapshot(IReadOnlyList<JsonObject> resources)
    {
        public IReadOnlyList<JsonObject> Resources { get; } = resources;

        public IEnumerable<JsonObject> OfType(string type) =>
            Resources.Where(r => string.Equals(r["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

        public JsonObject Single(string type) => Assert.Single(OfType(type));

        public JsonObject Properties(string type) => Single(type)["properties"]!.AsObject();
    }
}

/// <summary>The Bicep CLI that scripts/bicep-build.sh restores from NuGet (tools/bicep/bicep.proj).</summary>
internal static partial class BicepCli
{
    private static readonly Lazy<string> Executable = new(Find);

    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took more than 5 minutes");
        }

        return (process.ExitCode, output + error.Result);
    }

    private static string Find()
    {
        // Compiling the template (scripts/bicep-build.sh when artifacts/bicep/main.json is stale) restores the CLI.
        _ = CompiledTemplate.Text.Value;
        var project = File.ReadAllText(RepositoryFiles.PathOf("tools", "bicep", "bicep.proj"));
        var version = BicepVersion().Match(project).Groups["version"].Value;
        var rid = (OperatingSystem.IsWindows() ? "win-" : OperatingSystem.IsMacOS() ? "osx-" : File.Exists("/etc/alpine-release") ? "linux-musl-" : "linux-")
            + (RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x64");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : GlobalPackagesFolder();
        var path = Path.Combine(packages, $"azure.bicep.commandline.{rid}", version, "tools", OperatingSystem.IsWindows() ? "bicep.exe" : "bicep");
        Assert.True(File.Exists(path), $"{path} is missing: run scripts/bicep-build.sh, which restores the Bicep CLI {version}");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
        {
            // Some NuGet extractions drop the executable bit (scripts/bicep-build.sh copes the same way).
            var copy = RepositoryFiles.PathOf("artifacts", "bicep", "cli", "bicep");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy, overwrite: true);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return copy;
        }

        return path;
    }

    private static string GlobalPackagesFolder()
    {
        var start = new ProcessStartInfo("dotnet", ["nuget", "locals", "global-packages", "--list"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("global-packages:", StringComparison.Ordinal))["global-packages:".Length..].Trim();
    }

    [GeneratedRegex("<BicepVersion>(?<version>[^<]+)</BicepVersion>")]
    private static partial Regex BicepVersion();
}
