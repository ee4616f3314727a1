using System.Text.Json;
using System.Text.RegularExpressions;
using ContextFunctions.Tests.Emulator;
using ContextServer.Tests;

namespace ContextFunctions.Tests;

/// <summary>The CleanupSchedule that a local run and a deployment give the app is one the host accepts.</summary>
public sealed partial class CleanupScheduleSettingsTests
{
    [Fact]
    public void TheLocalSettingsSampleHasASixFieldNcrontabSchedule()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.sample.json")));
        var schedule = sample.RootElement.GetProperty("Values").GetProperty("CleanupSchedule").GetString()!;

        Assert.NotNull(TimerSchedule.Parse(schedule));
    }

    [Fact]
    public void TheBicepDefaultAndTheAzdParameterDefaultAreSixFieldNcrontabSchedules()
    {
        var bicep = File.ReadAllText(RepositoryFiles.PathOf("infra", "main.bicep"));
        var parameters = File.ReadAllText(RepositoryFiles.PathOf("infra", "main.parameters.json"));

        Assert.Matches(AppSettingFromParameter(), bicep);
        var bicepDefault = BicepDefault().Match(bicep);
        var azdDefault = AzdDefault().Match(parameters);
        Assert.True(bicepDefault.Success && azdDefault.Success, "infra/ no longer declares the cleanupSchedule parameter with a default");
        Assert.NotNull(TimerSchedule.Parse(bicepDefault.Groups["schedule"].Value));
        Assert.NotNull(TimerSchedule.Parse(azdDefault.Groups["schedule"].Value));
    }

    [GeneratedRegex(@"\bCleanupSchedule:\s*cleanupSchedule\b")]
    private static partial Regex AppSettingFromParameter();

    [GeneratedRegex(@"param cleanupSchedule string = '(?<schedule>[^']*)'")]
    private static partial Regex BicepDefault();

    [GeneratedRegex(@"\$\{CONTEXT_CLEANUP_SCHEDULE=(?<schedule>[^}]*)\}")]
    private static partial Regex AzdDefault();
}
