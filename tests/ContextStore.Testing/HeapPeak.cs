namespace ContextStore.Testing;

/// <summary>
/// The most this process's managed heap grew over a baseline while some work ran, sampled after full collections
/// every few milliseconds: what the work held at once, not what it allocated and dropped.
/// </summary>
public sealed class HeapPeak : IAsyncDisposable
{
    private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peak;

    private HeapPeak()
    {
        _peak = _baseline;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(forceFullCollection: true)));
                await Task.Delay(2);
            }
        });
    }

    /// <summary>Takes the baseline now and samples until <see cref="StopAsync"/>.</summary>
    public static HeapPeak Start() => new();

    /// <summary>The peak's growth over the baseline, in bytes, once sampling has stopped.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        return Interlocked.Read(ref _peak) - _baseline;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
