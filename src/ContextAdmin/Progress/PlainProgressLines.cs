using System.Diagnostics;

namespace ContextAdmin.Progress;

/// <summary>Progress as plain lines for a log or a pipe: one every few seconds, and one at the end.</summary>
public sealed class PlainProgressLines(TextWriter output, TimeSpan? interval = null) : ITransferProgress
{
    private readonly TransferMeter _meter = new();
    private readonly Lock _gate = new();
    private readonly long _intervalTicks = (long)((interval ?? TimeSpan.FromSeconds(5)).TotalSeconds * Stopwatch.Frequency);
    private long _lastWritten;

    public TransferMeter Meter => _meter;

    public void Start(long totalSessions)
    {
        _meter.Start(totalSessions);
        _lastWritten = Stopwatch.GetTimestamp();
    }

    public void Advance(long sessions, long bytes)
    {
        lock (_gate)
        {
            _meter.Advance(sessions, bytes);
            var now = Stopwatch.GetTimestamp();
            if (now - _lastWritten >= _intervalTicks)
            {
                _lastWritten = now;
                output.WriteLine($"progress: {_meter.Summary()}");
            }
        }
    }

    public void Note(string message)
    {
        lock (_gate)
        {
            output.WriteLine(message);
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            output.WriteLine($"done: {_meter.Summary()} in {_meter.Elapsed.TotalSeconds:0.0} s");
        }
    }
}
