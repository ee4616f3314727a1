namespace ContextStore.Sessions;

/// <summary>The ETag values a client sees for a session and sends back in If-Match.</summary>
public static class SessionVersions
{
    /// <summary>The version of a session that has no document yet; If-Match with it means "only if still absent".</summary>
    public const string Absent = "\"0\"";

    /// <summary>
    /// Whether the If-Match <paramref name="condition"/> holds for a session at <paramref name="currentETag"/>
    /// (null: the session has no document): <c>*</c> matches an existing session; a list matches when any of
    /// its strong entity tags is the session's version, <see cref="Absent"/> for a session without document (an
    /// expired session counts as one for <c>*</c>: callers pass null for it).
    /// A condition without any quote is one bare version, the form the store's callers get from engines that
    /// send unquoted ETags (the local server), and is compared as its quoted form.
    /// </summary>
    public static bool Matches(string condition, string? currentETag)
    {
        var ifMatch = IfMatchCondition.Parse(condition.Contains('"') || condition.Trim() == "*" ? condition : Quoted(condition.Trim()));
        return currentETag is null
            ? !ifMatch.MatchesAnyVersion && ifMatch.IsMetBy(Absent)
            : ifMatch.IsMetBy(Quoted(currentETag));
    }

    /// <summary>
    /// Whether the condition is <c>*</c>, which still holds after another writer changed the session (as long as it
    /// exists), so a write that lost a race re-reads and tries again instead of answering 412.
    /// </summary>
    public static bool IsAnyVersion(string condition) => IfMatchCondition.Parse(condition).MatchesAnyVersion;

    /// <summary>
    /// The version as an HTTP entity tag. Cosmos DB's ETags come quoted; other engines (the local
    /// server) send bare ones, which HTTP clients would not parse.
    /// </summary>
    public static string Quoted(string version) =>
        version.StartsWith('"') || version.StartsWith("W/\"", StringComparison.Ordinal) ? version : $"\"{version}\"";
}
