namespace ContextStore.Contract;

public static class ContextLimits
{
    public const int MaxAccountIdLength = 64;
    public const int MaxNamespaceLength = 128;
    public const int MaxSessionIdLength = 256;
    public const int MaxPropertyNameLength = 256;

    /// <summary>Characters of compact JSON that one session's merged properties may hold.</summary>
    public const int MaxSessionPropertiesCharacters = 800_000;

    /// <summary>
    /// Cosmos DB's item limit (2 MB, the UTF-8 length of the JSON) less room for the system properties it adds
    /// (<c>_rid</c>, <c>_self</c>, <c>_etag</c>, <c>_attachments</c>, <c>_ts</c>).
    /// </summary>
    public const int MaxStoredDocumentBytes = 2 * 1024 * 1024 - 1024;

    public const int MaxRequestBodyBytes = 1024 * 1024;
    public const int MaxJsonDepth = 64;

    /// <summary>A PUT value of <see cref="MaxJsonDepth"/> levels is one level deeper inside the session's properties object.</summary>
    public const int MaxStoredJsonDepth = MaxJsonDepth + 1;

    public const int DefaultPerPage = 100;
    public const int MaxPerPage = 1000;

    /// <summary>The session that holds a namespace's own properties.</summary>
    public const string DefaultSessionId = "__default__";

    public static readonly IReadOnlySet<string> ReservedNamespaces = new HashSet<string>(
        ["consumer", "operational", "conversation", "custom", "sde", "faas", "namespace"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Segments of the session routes, which routers match in any case, and the dot segments that paths drop:
    /// none of them could be addressed as a session.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedSessionIds = new HashSet<string>(
        ["properties", "session-ids", "session-properties", ".", ".."],
        StringComparer.OrdinalIgnoreCase);
}
