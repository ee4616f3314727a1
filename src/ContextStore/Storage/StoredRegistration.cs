namespace ContextStore.Storage;

/// <summary>A namespace registration as read, with the ETag that a conditional write must match.</summary>
public sealed record StoredRegistration(NamespaceDocument Document, string ETag);
