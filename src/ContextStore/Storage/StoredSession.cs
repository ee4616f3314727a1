namespace ContextStore.Storage;

/// <summary>A session document as read, with the ETag that a conditional write must match.</summary>
public sealed record StoredSession(SessionDocument Document, string ETag);
