using System.Text.Json;

namespace ContextStore.Sessions;

/// <summary>What a reader sees of a session: its live properties and the version to send back in If-Match.</summary>
public sealed record SessionSnapshot(IReadOnlyDictionary<string, JsonElement> Properties, string ETag);

/// <summary>One property's value and the version of the session it was read from.</summary>
public sealed record PropertySnapshot(JsonElement Value, string ETag);
