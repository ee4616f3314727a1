using ContextFunctions.HostEmulator;

namespace ContextFunctions.EndToEndTests;

/// <summary>The emulator reads a timer's schedule as the host does, and refuses the timer when the host would.</summary>
public sealed class TimerScheduleTests
{
    private const string Function = "SweepExpiredSessions";

    [Fact]
    public void AHierarchicalSettingIsFoundUnderItsDoubleUnderscoreAppSettingName()
    {
        var schedule = TimerSchedule.Resolve(Function, "%Sweeper:Schedule%", new Dictionary<string, string> { ["Sweeper__Schedule"] = "0 */5 * * * *" });

        var start = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(start.AddMinutes(5), schedule.GetNextOccurrence(start));
    }

    [Fact]
    public void AScheduleSettingThatIsNotSetStopsTheTimerNamingTheFunctionAndTheSetting()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            TimerSchedule.Resolve(Function, "%Sweeper:Schedule%", new Dictionary<string, string> { ["CleanupSchedule"] = "0 */5 * * * *" }));

        Assert.Equal(
            "The timer function SweepExpiredSessions takes its schedule from the app setting Sweeper:Schedule, which is not set.",
            refusal.Message);
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("every five minutes")]
    [InlineData("0 */5 * * * * *")]
    public void AScheduleThatIsNotASixFieldNcrontabExpressionStopsTheTimer(string expression)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            TimerSchedule.Resolve(Function, "%Sweeper:Schedule%", new Dictionary<string, string> { ["Sweeper__Schedule"] = expression }));

        Assert.StartsWith($"The timer function SweepExpiredSessions has the schedule '{expression}', which is not a six-field NCRONTAB", refusal.Message);
    }
}
