using ContextStore;

namespace ContextServer.EndToEndTests.Settings;

/// <summary>ContextServer refuses to start on a bad setting instead of failing its first request.</summary>
public class BadSettingStartUpTests
{
    [Theory]
    [InlineData("Store:MaxWriteAttempts", "0", "Store:MaxWriteAttempts must be a whole number from 1 to 2147483647.")]
    [InlineData("Sweeper:Interval", "00:00:00", "Sweeper:Interval must be a time span from 00:00:01 to 1.00:00:00 (one day).")]
    [InlineData("Cosmos:ConnectionMode", "7", "Cosmos:ConnectionMode must be Gateway or Direct.")]
    [InlineData("Cosmos:SlowRequestThreshold", "00:00:00", "Cosmos:SlowRequestThreshold must be a time span from 00:00:00.001 to 00:10:00.")]
    [InlineData("AccountConcurrency:PermitLimit", "0", "AccountConcurrency:PermitLimit must be a whole number from 1 to 100000.")]
    [InlineData("AccountRateLimit:TokenLimit", "0", "AccountRateLimit:TokenLimit must be a whole number from 1 to 10000000.")]
    [InlineData("AccountRateLimit:ReplenishmentPeriod", "00:00:00", "AccountRateLimit:ReplenishmentPeriod must be a time span from 00:00:00.001 to 1.00:00:00 (one day).")]
    public async Task TheServerDoesNotStartAndNamesTheSetting(string setting, string value, string line)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(line, SettingsFailure.Describe(failure) ?? failure.ToString(), StringComparison.Ordinal);
    }
}
