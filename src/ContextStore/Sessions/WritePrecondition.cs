namespace ContextStore.Sessions;

/// <summary>
/// The condition a write is made on, as the HTTP layer read it from If-Match: any version of a session that exists
/// and has not expired (<c>*</c>), or one of a set of versions. A session without a document is at
/// <see cref="SessionVersions.Absent"/>.
/// </summary>
public sealed class WritePrecondition
{
    private readonly HashSet<string>? _versions;

    private WritePrecondition(HashSet<string>? versions) => _versions = versions;

    /// <summary><c>*</c>: met by a live session whatever its version, never by one that does not exist.</summary>
    public static WritePrecondition AnyLiveVersion { get; } = new(null);

    /// <summary>True for <see cref="AnyLiveVersion"/>, which another writer's change cannot break while the session lives.</summary>
    public bool IsAnyLiveVersion => _versions is null;

    /// <summary>The versions listed, each in its quoted form (empty for <see cref="AnyLiveVersion"/>).</summary>
    public IReadOnlyCollection<string> Versions => _versions ?? [];

    /// <summary>
    /// Met when the session's version is one of <paramref name="versions"/>: strong entity tags compared character
    /// for character. A bare version (the form engines that send unquoted ETags give) stands for its quoted form; an
    /// empty set is met by nothing.
    /// </summary>
    public static WritePrecondition OneOf(IEnumerable<string> versions) =>
        new(versions.Select(SessionVersions.Quoted).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether a session at <paramref name="liveVersion"/> (null: no live session) meets the condition.</summary>
    public bool IsMetBy(string? liveVersion)
    {
        if (_versions is null)
        {
            return liveVersion is not null;
        }

        var current = liveVersion is null ? SessionVersions.Absent : SessionVersions.Quoted(liveVersion);
        // A weak version can never be matched: If-Match compares strongly (RFC 9110 §13.1.1).
        return !current.StartsWith("W/", StringComparison.Ordinal) && _versions.Contains(current);
    }
}
