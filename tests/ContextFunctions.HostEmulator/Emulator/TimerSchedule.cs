using NCrontab;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it before it starts the timer: <c>%Name%</c> is the app
/// setting Name, where a hierarchical name such as <c>Sweeper:Schedule</c> is also found as <c>Sweeper__Schedule</c>
/// (the host's configuration reads app settings as environment variables, whose <c>__</c> stands for <c>:</c>), and the
/// expression must be a six-field NCRONTAB expression (seconds first). The host refuses to start a timer whose
/// schedule is missing or invalid, and so does the emulator.
/// </summary>
public static class TimerSchedule
{
    public static CrontabSchedule Resolve(string functionName, string? schedule, IReadOnlyDictionary<string, string> appSettings)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            throw new InvalidOperationException($"The timer function {functionName} has no schedule.");
        }

        var expression = schedule;
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var setting = schedule[1..^1];
            if ((!appSettings.TryGetValue(setting, out var value) && !appSettings.TryGetValue(setting.Replace(":", "__", StringComparison.Ordinal), out value))
                || string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"The timer function {functionName} takes its schedule from the app setting {setting}, which is not set.");
            }

            expression = value;
        }

        return Parse(expression)
            ?? throw new InvalidOperationException(
                $"The timer function {functionName} has the schedule '{expression}', which is not a six-field NCRONTAB " +
                "expression (second minute hour day month day-of-week).");
    }

    /// <summary>The schedule of a six-field NCRONTAB expression, or null when it is not one.</summary>
    public static CrontabSchedule? Parse(string expression) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
}
