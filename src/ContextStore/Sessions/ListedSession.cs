using ContextStore.Json;

namespace ContextStore.Sessions;

/// <summary>One session of a listing page with its live properties.</summary>
public sealed record ListedSession(string SessionId, StoredProperties Properties);
