namespace ContextAdmin.Transfer;

/// <summary>
/// What one run moved: namespaces, sessions written (and skipped as done by an earlier run), bytes of properties,
/// time, and how many failures it added to the failures file.
/// </summary>
public sealed record TransferSummary(int Namespaces, long SessionsWritten, long SessionsAlreadyDone, long SessionTtls, long Bytes, TimeSpan Elapsed, int Failures)
{
    public double SessionsPerSecond => SessionsWritten / Math.Max(Elapsed.TotalSeconds, 0.001);

    public double MegabytesPerSecond => Bytes / 1_000_000.0 / Math.Max(Elapsed.TotalSeconds, 0.001);
}
