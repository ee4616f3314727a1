namespace ContextStore.ApiKeys;

/// <summary>
/// At most <c>readsPerMinute</c> vault reads in any 60 seconds for accounts whose key the instance does not know, so
/// made-up account ids cannot turn requests into Key Vault reads (and get the vault throttled for every tenant). Exact,
/// not a bucket: the times of the last reads in a ring, and a read is allowed once the oldest of them is a minute old.
/// Taking or refusing never waits. The clock's monotonic timestamps, not its wall time: setting the system clock back
/// must not stop new accounts from being read for as long.
/// </summary>
internal sealed class UnknownAccountReadBudget
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>When a read was never taken: long enough ago, and far from overflowing when subtracted.</summary>
    private const long Never = long.MinValue / 2;

    private readonly TimeProvider _clock;
    private readonly long _origin;
    private readonly long[] _takenAt;
    private readonly Lock _gate = new();
    private int _oldest;

    public UnknownAccountReadBudget(int readsPerMinute, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readsPerMinute, 1);
        _clock = clock;
        _origin = clock.GetTimestamp();
        _takenAt = new long[readsPerMinute];
        Array.Fill(_takenAt, Never);
    }

    /// <summary>Whether a read is left now, without taking it (another caller may take it first).</summary>
    public bool HasReadLeft()
    {
        var now = Now();
        lock (_gate)
        {
            return now - _takenAt[_oldest] >= Window.Ticks;
        }
    }

    /// <summary>Takes one read of the budget, or false when the last minute already had all of them.</summary>
    public bool TryTake()
    {
        var now = Now();
        lock (_gate)
        {
            if (now - _takenAt[_oldest] < Window.Ticks)
            {
                return false;
            }

            _takenAt[_oldest] = now;
            _oldest = (_oldest + 1) % _takenAt.Length;
            return true;
        }
    }

    /// <summary>Ticks of a <see cref="TimeSpan"/> since the budget was made.</summary>
    private long Now() => _clock.GetElapsedTime(_origin).Ticks;
}
