namespace ContextStore.Expiry;

/// <summary>
/// The one configuration section of the expired-session sweep, in both hosts: ContextServer reads
/// <c>Sweeper:Enabled</c> and <c>Sweeper:Interval</c>, the Functions app's timer <c>Sweeper:Schedule</c>
/// (app setting <c>Sweeper__Schedule</c>).
/// </summary>
public static class ExpiredSessionSweepSettings
{
    public const string Section = "Sweeper";
}
