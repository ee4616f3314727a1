namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// The system clock whose "now" can be moved forward: minutes pass at once for the store's cache and grace period,
/// while its timers (the read timeout) run in real time, so what a hanging vault costs can be measured.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Shift(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
