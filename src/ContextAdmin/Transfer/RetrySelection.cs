namespace ContextAdmin.Transfer;

/// <summary>
/// What a rerun with <c>--retry-failures</c> moves again: the namespaces that failed as a whole, and the sessions that
/// failed one by one. Failures of lines that hold no record name nothing to move again.
/// </summary>
public sealed class RetrySelection
{
    private readonly HashSet<string> _wholeNamespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _sessions = new(StringComparer.Ordinal);

    public RetrySelection(IEnumerable<TransferFailure> failures)
    {
        foreach (var failure in failures)
        {
            if (failure.Namespace is not { } ns)
            {
                continue;
            }

            if (failure.SessionId is not { } sessionId)
            {
                _wholeNamespaces.Add(ns);
            }
            else
            {
                if (!_sessions.TryGetValue(ns, out var sessions))
                {
                    sessions = new HashSet<string>(StringComparer.Ordinal);
                    _sessions[ns] = sessions;
                }

                sessions.Add(sessionId);
            }
        }
    }

    public IReadOnlyCollection<string> WholeNamespaces => _wholeNamespaces;

    /// <summary>The sessions to move again one by one, by namespace (not those of a namespace moved again whole).</summary>
    public IEnumerable<(string Namespace, IReadOnlyCollection<string> SessionIds)> Sessions =>
        _sessions.Where(s => !_wholeNamespaces.Contains(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (s.Key, (IReadOnlyCollection<string>)s.Value));

    /// <summary>Whether anything of the namespace is moved again (its registration and properties then go first).</summary>
    public bool Touches(string ns) => _wholeNamespaces.Contains(ns) || _sessions.ContainsKey(ns);

    public bool Includes(string ns, string sessionId) =>
        _wholeNamespaces.Contains(ns) || (_sessions.TryGetValue(ns, out var sessions) && sessions.Contains(sessionId));
}
