using System.Diagnostics;

namespace ContextAdmin.Progress;

/// <summary>Counts, rates and the estimated time left, shared by both ways of showing progress.</summary>
public sealed class TransferMeter
{
    private readonly Stopwatch _clock = new();
    private long _total;

    public long Sessions { get; private set; }

    public long Bytes { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Start(long total)
    {
        _total = total;
        _clock.Restart();
    }

    public void Advance(long sessions, long bytes)
    {
        Sessions += sessions;
        Bytes += bytes;
    }

    public double Fraction => _total > 0 ? Math.Min(1, (double)Sessions / _total) : 0;

    public string Summary()
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        var left = Sessions > 0 && _total > Sessions ? TimeSpan.FromSeconds(seconds / Sessions * (_total - Sessions)) : (TimeSpan?)null;
        var total = _total > 0 ? $"/{_total}" : "";
        var eta = left is { } l ? $", about {l:hh\\:mm\\:ss} left" : "";
        return $"{Sessions}{total} sessions, {Megabytes(Bytes):0.00} MB, {Sessions / seconds:0} sessions/s, {Megabytes(Bytes) / seconds:0.00} MB/s{eta}";
    }

    private static double Megabytes(long bytes) => bytes / 1_000_000.0;
}
