namespace ContextStore.Sessions;

/// <summary>The ETag values a client sees for a session and sends back in If-Match.</summary>
public static class SessionVersions
{
    /// <summary>The version of a session that has no document yet; If-Match with it means "only if still absent".</summary>
    public const string Absent = "\"0\"";

    /// <summary>
    /// The version as an HTTP entity tag. Cosmos DB's ETags come quoted; other engines (the local
    /// server) send bare ones, which HTTP clients would not parse.
    /// </summary>
    public static string Quoted(string version) =>
        version.StartsWith('"') || version.StartsWith("W/\"", StringComparison.Ordinal) ? version : $"\"{version}\"";
}
