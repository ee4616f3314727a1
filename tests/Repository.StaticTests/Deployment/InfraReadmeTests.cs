using System.Text.RegularExpressions;
using ContextStore.Testing.Documents;
using static Repository.StaticTests.Deployment.AzdProvisionPreview;

namespace Repository.StaticTests.Deployment;

/// <summary>infra/README.md documents the azd values infra reads, with their defaults, and a production profile that deploys.</summary>
public sealed partial class InfraReadmeTests
{
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(RepositoryFiles.PathOf("infra", "README.md")));

    [Fact]
    public void EveryAzdValueInfraReadsIsInTheReadmeWithItsDefault()
    {
        var read = ParameterReference().Matches(File.ReadAllText(RepositoryFiles.PathOf("infra", "main.parameters.json")))
            .Where(m => !m.Groups["name"].Value.StartsWith("AZURE_", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Value);
        var documented = ReadmeValueRow().Matches(Section("## azd values"))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Value.Trim());

        Assert.Equal(read.Keys.Order(), documented.Keys.Order());
        Assert.All(read, value => Assert.Equal(
            value.Value.Length == 0 ? "(empty)" : $"`{value.Value}`",
            documented[value.Key]));
    }

    [Fact]
    public void TheProductionProfileDeploysZonesWarmInstancesAutoscaleAPrivateNetworkAndNoStandingDataAccess()
    {
        var profile = AzdEnvSet().Matches(Section("### Production profile"))
            .Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)).ToArray();

        var deployment = Of(profile);

        Assert.Equal(7, profile.Length);
        Assert.True(deployment.Properties("Microsoft.Web/serverfarms")["zoneRedundant"]!.GetValue<bool>());
        var scale = deployment.Properties("Microsoft.Web/sites")["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal(2, scale["alwaysReady"]![0]!["instanceCount"]!.GetValue<int>());
        Assert.Equal(2048, scale["instanceMemoryMB"]!.GetValue<int>());
        Assert.Equal(16, scale["triggers"]!["http"]!["perInstanceConcurrency"]!.GetValue<int>());
        Assert.Equal(4000, deployment.Properties("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")["options"]!["autoscaleSettings"]!["maxThroughput"]!.GetValue<int>());
        Assert.Equal("Disabled", deployment.Properties("Microsoft.DocumentDB/databaseAccounts")["publicNetworkAccess"]!.GetValue<string>());
        Assert.Equal(3, deployment.OfType("Microsoft.Network/privateEndpoints").Count());
        Assert.DoesNotContain(deployment.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"),
            r => r["properties"]!["principalId"]!.GetValue<string>() == PrincipalId);
        Assert.DoesNotContain(deployment.OfType("Microsoft.Authorization/roleAssignments"),
            r => r["properties"]!["principalId"]!.GetValue<string>() == PrincipalId);
    }

    /// <summary>The text of a README section, from its heading to the next heading of the same or a higher level.</summary>
    private static string Section(string heading)
    {
        var text = Readme.Value;
        var start = text.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"infra/README.md has no section {heading}");
        var level = heading.TakeWhile(c => c == '#').Count();
        var next = Regex.Match(text[(start + heading.Length + 2)..], $"^#{{1,{level}}} ", RegexOptions.Multiline);
        return next.Success ? text.Substring(start, heading.Length + 2 + next.Index) : text[start..];
    }

    [GeneratedRegex("""\$\{(?<name>[A-Z_][A-Z0-9_]*)(=(?<default>[^}]*))?\}""")]
    private static partial Regex ParameterReference();

    [GeneratedRegex("""^\| `(?<name>[A-Z_][A-Z0-9_]*)` \| (?<default>[^|]+) \|""", RegexOptions.Multiline)]
    private static partial Regex ReadmeValueRow();

    [GeneratedRegex("""^azd env set (?<name>[A-Z_][A-Z0-9_]*) (?<value>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex AzdEnvSet();
}
