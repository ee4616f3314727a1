using ContextStore.Json;

namespace ContextStore.Sessions;

/// <summary>What a reader sees of a session: its live properties and the version to send back in If-Match.</summary>
public sealed record SessionSnapshot(StoredProperties Properties, string ETag);

/// <summary>One property's value as compact JSON text and the version of the session it was read from.</summary>
public sealed record PropertySnapshot(string Json, string ETag);
