using ContextStore.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextStore.UnitTests.Settings;

/// <summary>Every setting with a rule stops start-up when broken, with one line naming it and what it accepts. No server needed.</summary>
public class SettingsValidationTests
{
    private static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["Cosmos:Endpoint"] = "https://localhost:8081/",
        ["KeyVault:Uri"] = "https://my-vault.vault.azure.net/",
    };

    public static TheoryData<string, string, string> BadSettings() => new()
    {
        { "Cosmos:Endpoint", "localhost:8081", "Cosmos:Endpoint must be an absolute http(s) URL" },
        { "Cosmos:Database", "", "Cosmos:Database must name the database" },
        { "Cosmos:Container", "", "Cosmos:Container must name the container" },
        { "Cosmos:ConnectionMode", "3", "Cosmos:ConnectionMode must be Gateway or Direct" },
        { "Cosmos:ConnectionMode", "Fast", "'Cosmos:ConnectionMode' to type 'Microsoft.Azure.Cosmos.ConnectionMode'" },
        { "Cosmos:MaxItemBytes", "0", "Cosmos:MaxItemBytes must be a whole number of bytes from 1024" },
        { "Cosmos:RequestTimeout", "00:00:00", "Cosmos:RequestTimeout must be a time span from 00:00:00.001 to 00:10:00" },
        { "Store:NamespaceCacheDuration", "-00:00:01", "Store:NamespaceCacheDuration must be a time span from 00:00:00" },
        { "Store:NamespaceCacheDuration", "00:00:11", "Store:NamespaceCacheDuration must be a time span from 00:00:00 (no cache) to 00:00:10" },
        { "Store:NamespaceCacheSize", "0", "Store:NamespaceCacheSize must be a whole number from 1" },
        { "Sweeper:MaxRemovalsPerRun", "0", "Sweeper:MaxRemovalsPerRun must be a whole number from 1" },
        { "Sweeper:MaxRemovalsPerSecond", "0", "Sweeper:MaxRemovalsPerSecond must be a whole number from 1" },
        { "Store:MaxWriteAttempts", "0", "Store:MaxWriteAttempts must be a whole number from 1" },
        { "KeyVault:Uri", "my-vault", "KeyVault:Uri must be an absolute https URL" },
        { "KeyVault:SecretCacheDuration", "00:01:01", "KeyVault:SecretCacheDuration must be a time span from 00:00:00.001 to 00:01:00" },
        { "KeyVault:SecretCacheDuration", "00:00:00", "KeyVault:SecretCacheDuration must be a time span from 00:00:00.001 to 00:01:00" },
        { "KeyVault:MinimumReadInterval", "-00:00:01", "KeyVault:MinimumReadInterval must be a time span from 00:00:00" },
        { "KeyVault:VerifiedKeyGracePeriod", "-00:00:01", "KeyVault:VerifiedKeyGracePeriod must be a time span from 00:00:00" },
        { "KeyVault:ReadTimeout", "00:00:00", "KeyVault:ReadTimeout must be a time span from 00:00:00.001" },
        { "KeyVault:MaxRetries", "-1", "KeyVault:MaxRetries must be a whole number from 0 to 10" },
        { "KeyVault:RetryDelay", "00:00:00", "KeyVault:RetryDelay must be a time span from 00:00:00.001" },
        { "KeyVault:NetworkTimeout", "00:00:00", "KeyVault:NetworkTimeout must be a time span from 00:00:00.001" },
        { "KeyVault:MaxRememberedAccounts", "0", "KeyVault:MaxRememberedAccounts must be a whole number from 1" },
        { "KeyVault:UnknownAccountReadsPerMinute", "0", "KeyVault:UnknownAccountReadsPerMinute must be a whole number from 1 to 100000" },
        { "KeyVault:UnknownAccountReadsPerMinute", "100001", "KeyVault:UnknownAccountReadsPerMinute must be a whole number from 1 to 100000" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void ABadSettingStopsStartUpWithOneLineNamingItAndWhatItAccepts(string setting, string value, string expected)
    {
        var failure = Assert.ThrowsAny<Exception>(() => ValidateAtStart(With(setting, value)));

        var line = SettingsFailure.Describe(failure);
        Assert.NotNull(line);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void TheDefaultsWithAnEndpointAndAVaultPassTheChecksAtStart() =>
        Assert.Null(Record.Exception(() => ValidateAtStart(ValidSettings)));

    [Theory]
    [InlineData("Direct", ConnectionMode.Direct)]
    [InlineData("gateway", ConnectionMode.Gateway)]
    public void TheConnectionModeIsBoundAsTheCosmosSdksEnumIgnoringCase(string value, ConnectionMode expected)
    {
        using var services = Services(With("Cosmos:ConnectionMode", value));
        Assert.Equal(expected, services.GetRequiredService<IOptions<CosmosOptions>>().Value.ConnectionMode);
    }

    [Fact]
    public void ABadSettingFailsWhenTheOptionsAreResolvedNotOnlyAtStart()
    {
        using var services = Services(With("Store:MaxWriteAttempts", "0"));
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoreOptions>>().Value);
        Assert.Contains("Store:MaxWriteAttempts", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralBadSettingsAreNamedOnOneLine()
    {
        var settings = With("Store:MaxWriteAttempts", "0");
        settings["Cosmos:RequestTimeout"] = "00:00:00";
        var failure = Assert.ThrowsAny<Exception>(() => ValidateAtStart(settings));

        var line = SettingsFailure.Describe(failure);
        Assert.NotNull(line);
        Assert.Contains("Store:MaxWriteAttempts", line, StringComparison.Ordinal);
        Assert.Contains("Cosmos:RequestTimeout", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void TheCheckBeforeStartNamesABadSettingAndPassesGoodOnes()
    {
        using (var bad = Services(With("KeyVault:MaxRetries", "11")))
        {
            Assert.Contains("KeyVault:MaxRetries must be a whole number from 0 to 10", SettingsFailure.Check(bad), StringComparison.Ordinal);
        }

        using var good = Services(ValidSettings);
        Assert.Null(SettingsFailure.Check(good));
    }

    [Fact]
    public void AFailureThatIsNotAboutSettingsIsNotDescribedAsOne() =>
        Assert.Null(SettingsFailure.Describe(new InvalidOperationException("The port is in use.")));

    private static Dictionary<string, string?> With(string setting, string value) =>
        new(ValidSettings) { [setting] = value };

    /// <summary>What the host does at start with ValidateOnStart: validate every registered options class.</summary>
    private static void ValidateAtStart(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddContextStore(configuration)
            .BuildServiceProvider();
    }
}
