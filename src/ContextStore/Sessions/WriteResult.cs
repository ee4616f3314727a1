namespace ContextStore.Sessions;

public enum WriteStatus
{
    Saved,
    VersionMismatch,
    DocumentTooLarge,
}

/// <summary>The outcome of a write to one session; <see cref="ETag"/> is the session's version after it.</summary>
public readonly record struct WriteResult(WriteStatus Status, string? ETag)
{
    public static WriteResult Saved(string etag) => new(WriteStatus.Saved, etag);
    public static WriteResult VersionMismatch { get; } = new(WriteStatus.VersionMismatch, null);
    public static WriteResult DocumentTooLarge { get; } = new(WriteStatus.DocumentTooLarge, null);
}
