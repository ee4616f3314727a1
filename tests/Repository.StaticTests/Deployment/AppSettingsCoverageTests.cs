using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContextStore.ApiKeys;
using ContextStore.Cosmos;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>Every setting the app reads is set by infra/ in Azure and present in local.settings.sample.json.</summary>
public partial class AppSettingsCoverageTests
{
    /// <summary>Settings that only make sense against the emulator or the local server; in Azure the app uses its identity.</summary>
    private static readonly string[] LocalOnly =
        ["Cosmos__Key", "Cosmos__CreateIfNotExists", "Cosmos__AcceptEmulatorCertificate"];

    /// <summary>Settings of a managed identity, which does not exist on a developer's machine.</summary>
    private static readonly string[] AzureOnly = ["Cosmos__ManagedIdentityClientId", "KeyVault__ManagedIdentityClientId"];

    [Fact]
    public void InfraSetsEverySettingTheAppNeedsInAzure()
    {
        var infra = InfraAppSettings();
        var missing = SettingsWithoutDefault().Except(LocalOnly).Where(s => !infra.Contains(s)).ToList();

        Assert.True(missing.Count == 0, $"infra/ does not set: {string.Join(", ", missing)}");
    }

    [Fact]
    public void InfraPutsNoSecretsInAppSettings()
    {
        var infra = InfraAppSettings();

        Assert.DoesNotContain("Cosmos__Key", infra);
        Assert.DoesNotContain(infra, s => s.StartsWith("ApiKeys__", StringComparison.Ordinal));
        Assert.DoesNotContain(infra, s => s.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && s.StartsWith("Cosmos", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLocalSettingsSampleHasEverySettingALocalRunNeeds()
    {
        var sample = LocalSettingsSample();
        var needed = SettingsWithoutDefault().Except(AzureOnly)
            .Concat(["Cosmos__CreateIfNotExists", "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"]);
        var missing = needed.Where(s => !sample.Contains(s)).ToList();

        Assert.True(missing.Count == 0, $"local.settings.sample.json lacks: {string.Join(", ", missing)}");
        Assert.Contains(sample, s => s.StartsWith("ApiKeys__", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryOptionSettingInInfraAndTheSampleNamesARealOption()
    {
        var known = OptionSettings().ToHashSet();
        var unknown = InfraAppSettings().Concat(LocalSettingsSample())
            .Where(s => s.StartsWith("Cosmos__", StringComparison.Ordinal) || s.StartsWith("KeyVault__", StringComparison.Ordinal))
            .Where(s => !known.Contains(s))
            .ToList();

        Assert.True(unknown.Count == 0, $"not an option of the app: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// What the app reads and cannot do without: option properties whose default is empty, the database and
    /// container names that infra chooses, and the %settings% the Functions triggers name.
    /// </summary>
    private static IEnumerable<string> SettingsWithoutDefault()
    {
        var withoutDefault = OptionsOf(typeof(CosmosOptions), CosmosOptions.Section, new CosmosOptions())
            .Concat(OptionsOf(typeof(KeyVaultOptions), KeyVaultOptions.Section, new KeyVaultOptions()))
            .Where(o => o.Default is null || o.Default is "")
            .Select(o => o.Setting);
        var triggerSettings = Directory.EnumerateFiles(RepositoryFiles.PathOf("src", "ContextFunctions"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => PercentSetting().Matches(File.ReadAllText(file)).Select(m => AppSettingName(m.Groups["name"].Value)));
        return withoutDefault.Concat(["Cosmos__Database", "Cosmos__Container"]).Concat(triggerSettings).Distinct().Order();
    }

    private static IEnumerable<string> OptionSettings() =>
        OptionsOf(typeof(CosmosOptions), CosmosOptions.Section, new CosmosOptions())
            .Concat(OptionsOf(typeof(KeyVaultOptions), KeyVaultOptions.Section, new KeyVaultOptions()))
            .Select(o => o.Setting);

    private static IEnumerable<(string Setting, object? Default)> OptionsOf(Type type, string section, object instance) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => ($"{section}__{p.Name}", p.GetValue(instance)));

    private static HashSet<string> InfraAppSettings() =>
        Directory.EnumerateFiles(RepositoryFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => BicepSettingKey().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> LocalSettingsSample()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>An object key in Bicep that looks like an app setting: <c>Section__Name:</c>.</summary>
    [GeneratedRegex("""^\s*(?<name>[A-Za-z]+__[A-Za-z]+)\s*:""", RegexOptions.Multiline)]
    private static partial Regex BicepSettingKey();

    /// <summary>A configuration key as the app setting (environment variable) that sets it on every platform: <c>Sweeper:Schedule</c> is <c>Sweeper__Schedule</c>.</summary>
    private static string AppSettingName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex("""%(?<name>[A-Za-z_:]+)%""")]
    private static partial Regex PercentSetting();
}
