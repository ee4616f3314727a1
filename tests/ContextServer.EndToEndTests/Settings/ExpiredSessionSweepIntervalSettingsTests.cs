using ContextStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextServer.EndToEndTests.Settings;

/// <summary>ContextServer's own settings are checked at start like the store's. No server needed.</summary>
public class ExpiredSessionSweepIntervalSettingsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:01:00")]
    [InlineData("2.00:00:00")]
    public void ASweepIntervalOutsideOneSecondToADayStopsStartUpNamingTheSetting(string interval)
    {
        var failure = Assert.ThrowsAny<Exception>(() => Validate(interval));

        Assert.Contains(
            "Sweeper:Interval must be a time span from 00:00:01 to 1.00:00:00 (one day).",
            SettingsFailure.Describe(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void ASweepIntervalOfFiveMinutesIsBound()
    {
        using var services = Services("00:05:00");
        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(TimeSpan.FromMinutes(5), services.GetRequiredService<IOptions<ExpiredSessionSweepIntervalOptions>>().Value.Interval);
    }

    private static void Validate(string interval)
    {
        using var services = Services(interval);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    private static ServiceProvider Services(string interval)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sweeper:Interval"] = interval })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSettings<ExpiredSessionSweepIntervalOptions>(configuration, ExpiredSessionSweepIntervalOptions.Section);
        return services.BuildServiceProvider();
    }
}
