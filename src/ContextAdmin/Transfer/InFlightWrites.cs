namespace ContextAdmin.Transfer;

/// <summary>
/// Writes running side by side, at most a given number at once. <see cref="DrainAsync"/> waits for all of them and
/// throws the first failure, so a caller records progress only after every write before it completed. (Its
/// semaphore needs no disposing: no wait handle is ever asked of it, and writes still running may release it.)
/// </summary>
public sealed class InFlightWrites(int maxInFlight)
{
    private readonly SemaphoreSlim _slots = new(maxInFlight);
    private readonly List<Task> _running = [];

    /// <summary>Starts <paramref name="write"/> once a slot is free.</summary>
    public async Task StartAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        _running.RemoveAll(t => t.IsCompletedSuccessfully);
        _running.Add(RunAsync(write));
    }

    public async Task DrainAsync()
    {
        var running = _running.ToArray();
        _running.Clear();
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Waits for every write to end, however it ends: for a caller that is already failing.</summary>
    public async Task WaitQuietlyAsync()
    {
        var running = _running.ToArray();
        _running.Clear();
        foreach (var write in running)
        {
            await write.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
