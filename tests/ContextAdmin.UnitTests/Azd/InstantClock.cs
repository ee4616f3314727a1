namespace ContextAdmin.UnitTests.Azd;

/// <summary>
/// A clock whose waits end at once, moving the clock on by what they waited, so that a 10-minute retry budget is
/// tested in no time and its countdown exactly. <see cref="Advance"/> lets a test spend time inside an attempt.
/// </summary>
public sealed class InstantClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(GetTimestamp());

    public TimeSpan Waited { get; private set; }

    public void Advance(TimeSpan time) => Interlocked.Add(ref _ticks, time.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Advance(dueTime);
        Waited += dueTime;
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
