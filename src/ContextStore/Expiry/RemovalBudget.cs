namespace ContextStore.Expiry;

/// <summary>
/// What one sweep may still write: at most <see cref="SweepLimits.MaxRemovalsPerRun"/> documents, no faster than
/// <see cref="SweepLimits.MaxRemovalsPerSecond"/>. Each removal or rewrite takes one, whether it succeeds or finds the
/// document changed, since both cost a request.
/// </summary>
public sealed class RemovalBudget
{
    private const int Parallelism = 4;

    private readonly int _limit;
    private readonly int _perSecond;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private int _taken;

    /// <param name="time">The clock that paces the writes: real time, also in tests that move the store's clock.</param>
    public RemovalBudget(int limit, int perSecond, TimeProvider time)
    {
        _limit = limit;
        _perSecond = perSecond;
        _time = time;
        _startedAt = time.GetTimestamp();
    }

    /// <summary>How many writes are left.</summary>
    public int Remaining => Math.Max(_limit - Volatile.Read(ref _taken), 0);

    /// <summary>How many writes were taken.</summary>
    public int Used => Math.Min(Volatile.Read(ref _taken), _limit);

    /// <summary>Takes one write: false when none is left; otherwise returns when its turn at the pace has come.</summary>
    public async ValueTask<bool> TakeAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _taken);
        if (number > _limit)
        {
            return false;
        }

        var wait = TimeSpan.FromSeconds((number - 1) / (double)_perSecond) - _time.GetElapsedTime(_startedAt);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Runs <paramref name="write"/> on each row, a few at a time, each taking one write of the budget, until the rows or
    /// the budget are spent. Returns how many writes succeeded (returned true) and whether every row was written.
    /// </summary>
    public async Task<(int Succeeded, bool AllWritten)> WriteEachAsync<T>(
        IReadOnlyList<T> rows, Func<T, CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        var succeeded = 0;
        var skipped = 0;
        await Parallel.ForEachAsync(
            rows,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                if (!await TakeAsync(ct))
                {
                    Interlocked.Increment(ref skipped);
                }
                else if (await write(row, ct))
                {
                    Interlocked.Increment(ref succeeded);
                }
            });
        return (succeeded, skipped == 0);
    }
}
