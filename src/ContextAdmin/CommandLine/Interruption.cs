using System.Runtime.InteropServices;

namespace ContextAdmin.CommandLine;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation of the run. The signal arrives on a thread of its own, at any time:
/// also while the run is ending or after it ended. So cancelling never runs the token's callbacks on that thread
/// (where a throw would end the process with a crash instead of exit code 130), and a signal after
/// <see cref="Dispose"/> is ignored.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _source = new();
    private PosixSignalRegistration? _terminate;
    private bool _disposed;

    private Interruption()
    {
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Listens for Ctrl-C and SIGTERM until disposed.</summary>
    public static Interruption OfConsole()
    {
        var interruption = new Interruption();
        Console.CancelKeyPress += interruption.OnCancelKeyPress;
        try
        {
            interruption._terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                interruption.Request();
            });
        }
        catch (PlatformNotSupportedException)
        {
            // Where SIGTERM cannot be handled, it ends the process as it always did.
        }

        return interruption;
    }

    /// <summary>Cancels the run, once; does nothing once the run has ended.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_disposed || _source.IsCancellationRequested)
            {
                return;
            }

            // Callbacks run on the thread pool; what they throw stays in the returned task, never on the signal's thread.
            _ = _source.CancelAsync();
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        lock (_gate)
        {
            _disposed = true;
        }

        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Request();
    }
}
