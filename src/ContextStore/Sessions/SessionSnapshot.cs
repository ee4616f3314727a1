using ContextStore.Json;

namespace ContextStore.Sessions;

/// <summary>What a reader sees of a session: its live properties and the version to send back in If-Match.</summary>
public sealed record SessionSnapshot(StoredProperties Properties, string ETag);

/// <summary>One property's value as compact JSON text and the version of the session it was read from.</summary>
public sealed record PropertySnapshot(string Json, string ETag);

/// <summary>What a reader of all properties sees: their compact JSON text as UTF-8 and the session's version.</summary>
public sealed record SessionJsonSnapshot(ReadOnlyMemory<byte> Utf8Json, string ETag);
