using System.Diagnostics;

namespace ContextAdmin.Progress;

/// <summary>A progress bar redrawn in place on a terminal, at most five times a second.</summary>
public sealed class TerminalProgressBar(TextWriter terminal) : ITransferProgress
{
    private const int Width = 30;
    private static readonly long RedrawTicks = Stopwatch.Frequency / 5;

    private readonly TransferMeter _meter = new();
    private readonly Lock _gate = new();
    private long _lastDrawn;

    public void Start(long totalSessions)
    {
        _meter.Start(totalSessions);
        Draw(force: true);
    }

    public void Advance(long sessions, long bytes)
    {
        lock (_gate)
        {
            _meter.Advance(sessions, bytes);
        }

        Draw(force: false);
    }

    public void Note(string message)
    {
        lock (_gate)
        {
            terminal.Write("\r\u001b[2K");
            terminal.WriteLine(message);
        }

        Draw(force: true);
    }

    public void Finish()
    {
        Draw(force: true);
        lock (_gate)
        {
            terminal.WriteLine();
        }
    }

    private void Draw(bool force)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (!force && now - _lastDrawn < RedrawTicks)
            {
                return;
            }

            _lastDrawn = now;
            var filled = (int)Math.Round(_meter.Fraction * Width);
            terminal.Write($"\r\u001b[2K[{new string('#', filled)}{new string('.', Width - filled)}] {_meter.Summary()}");
            terminal.Flush();
        }
    }
}
