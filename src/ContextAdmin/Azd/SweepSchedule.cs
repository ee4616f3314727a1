namespace ContextAdmin.Azd;

/// <summary>
/// The azd value of the expired-session sweep's schedule, <c>CONTEXT_SWEEP_SCHEDULE</c>. Its old name
/// <c>CONTEXT_CLEANUP_SCHEDULE</c> is still read, with a warning, when the new one is not set.
/// </summary>
public sealed record SweepSchedule(string? Value, SweepScheduleSource Source, string? OldValue)
{
    public const string Name = "CONTEXT_SWEEP_SCHEDULE";
    public const string OldName = "CONTEXT_CLEANUP_SCHEDULE";

    /// <summary>infra/main.bicep's default, which a local run gets when neither name is set.</summary>
    public const string Default = "0 */5 * * * *";

    public static SweepSchedule Of(AzdValues values)
    {
        var value = values.Get(Name);
        var old = values.Get(OldName);
        return value.Length > 0 ? new(value, old.Length > 0 ? SweepScheduleSource.NameWithOldNameAlsoSet : SweepScheduleSource.Name, old.Length > 0 ? old : null)
            : old.Length > 0 ? new(old, SweepScheduleSource.OldName, old)
            : new(null, SweepScheduleSource.Neither, null);
    }
}

public enum SweepScheduleSource
{
    Neither,
    Name,
    OldName,
    NameWithOldNameAlsoSet,
}
