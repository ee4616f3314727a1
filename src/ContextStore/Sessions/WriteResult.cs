namespace ContextStore.Sessions;

public enum WriteStatus
{
    Saved,
    VersionMismatch,
    DocumentTooLarge,
}

/// <summary>
/// The outcome of a write to one session; <see cref="ETag"/> is the session's version after it, or null when the write
/// was saved together with later writes (its own version never existed on its own).
/// </summary>
public readonly record struct WriteResult(WriteStatus Status, string? ETag)
{
    public static WriteResult Saved(string etag) => new(WriteStatus.Saved, etag);
    public static WriteResult SavedWithoutVersion { get; } = new(WriteStatus.Saved, null);
    public static WriteResult VersionMismatch { get; } = new(WriteStatus.VersionMismatch, null);
    public static WriteResult DocumentTooLarge { get; } = new(WriteStatus.DocumentTooLarge, null);
}
