using System.Text.Json;
using System.Text.RegularExpressions;
using ContextFunctions.HostEmulator;
using ContextServer.EndToEndTests;
using ContextStore.Testing.Documents;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The Sweeper__Schedule that a local run and a deployment give the app is one the host accepts, and nothing still
/// sets CleanupSchedule, which the app no longer reads. azd users set it through the azd value CONTEXT_SWEEP_SCHEDULE (the Bicep parameter sweepSchedule).
/// </summary>
public sealed partial class SweeperScheduleSettingsTests
{
    [Fact]
    public void TheLocalSettingsSampleHasASixFieldNcrontabSweeperScheduleAndNoCleanupSchedule()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");

        Assert.NotNull(TimerSchedule.Parse(values.GetProperty("Sweeper__Schedule").GetString()!));
        Assert.False(values.TryGetProperty("CleanupSchedule", out _), "local.settings.sample.json still sets CleanupSchedule");
    }

    [Fact]
    public void InfraSetsSweeperScheduleFromTheCleanupScheduleParameterWhoseDefaultsAreSixFieldNcrontabSchedules()
    {
        var bicep = File.ReadAllText(RepositoryFiles.PathOf("infra", "main.bicep"));
        var parameters = File.ReadAllText(RepositoryFiles.PathOf("infra", "main.parameters.json"));

        Assert.Matches(AppSettingFromParameter(), bicep);
        Assert.DoesNotMatch(OldAppSetting(), bicep);
        var bicepDefault = BicepDefault().Match(bicep);
        var azdDefault = AzdDefault().Match(parameters);
        Assert.True(bicepDefault.Success && azdDefault.Success, "infra/ no longer declares the sweepSchedule parameter with a default");
        Assert.NotNull(TimerSchedule.Parse(bicepDefault.Groups["schedule"].Value));
        Assert.NotNull(TimerSchedule.Parse(azdDefault.Groups["schedule"].Value));
    }

    [GeneratedRegex(@"\bSweeper__Schedule:\s*sweepSchedule\b")]
    private static partial Regex AppSettingFromParameter();

    [GeneratedRegex(@"\bCleanupSchedule\s*:")]
    private static partial Regex OldAppSetting();

    [GeneratedRegex(@"param sweepSchedule string = '(?<schedule>[^']*)'")]
    private static partial Regex BicepDefault();

    [GeneratedRegex(@"\$\{CONTEXT_SWEEP_SCHEDULE=(?<schedule>[^}]*)\}")]
    private static partial Regex AzdDefault();
}
