namespace ContextAdmin.Progress;

/// <summary>What a copy, an export or an import reports as it goes.</summary>
public interface ITransferProgress
{
    /// <param name="totalSessions">Sessions to move, when known (for the estimate of the time left).</param>
    void Start(long totalSessions);

    /// <summary>Sessions moved (or skipped as already moved by an earlier run), with the bytes of their properties.</summary>
    void Advance(long sessions, long bytes);

    /// <summary>A line worth showing between progress updates (a namespace begins, a retry).</summary>
    void Note(string message);

    void Finish();
}
