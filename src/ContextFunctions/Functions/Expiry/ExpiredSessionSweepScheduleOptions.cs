using System.ComponentModel.DataAnnotations;
using ContextStore.Expiry;
using NCrontab;

namespace ContextFunctions.Functions.Expiry;

/// <summary>
/// The Functions app's part of the section <c>Sweeper</c>: when <see cref="SweepExpiredSessions"/> runs. The host reads
/// the same setting to start the timer and refuses an expression it cannot parse; checking it here too makes the worker
/// stop at start with one line that names the setting.
/// </summary>
public sealed class ExpiredSessionSweepScheduleOptions : IValidatableObject
{
    public const string Section = ExpiredSessionSweepSettings.Section;

    /// <summary>Six-field NCRONTAB expression, seconds first: <c>0 */5 * * * *</c> sweeps every five minutes.</summary>
    public string? Schedule { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Schedule is null || CrontabSchedule.TryParse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
        {
            yield return new ValidationResult(
                "Sweeper:Schedule (app setting Sweeper__Schedule) must be a six-field NCRONTAB expression, seconds first " +
                $"(for example 0 */5 * * * *); it is '{Schedule}'.",
                [nameof(Schedule)]);
        }
    }
}
