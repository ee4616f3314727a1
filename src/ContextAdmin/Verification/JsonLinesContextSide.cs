using System.Runtime.CompilerServices;
using ContextAdmin.Api;
using ContextAdmin.JsonLines;

namespace ContextAdmin.Verification;

/// <summary>
/// A JSON Lines export as the expected side of a verification. Read once, keeping per session only its id, its
/// hash and its TTL; the properties themselves are not kept.
/// </summary>
public sealed class JsonLinesContextSide : IContextSide
{
    private static readonly string EmptyObjectHash = CanonicalJsonHash.Of("{}"u8.ToArray());

    private readonly List<NamespaceRecord> _registered = [];
    private readonly Dictionary<string, string> _namespaceHashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _ttls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _sessions = new(StringComparer.Ordinal);

    private JsonLinesContextSide(string name) => Name = name;

    public string Name { get; }

    /// <summary>Every namespace the file holds a line for.</summary>
    public IReadOnlyCollection<string> Namespaces => _namespaceHashes.Keys;

    /// <param name="damagedLines">Lines to pass over (an import with <c>--allow-damaged</c> wrote nothing of them).</param>
    public static async Task<JsonLinesContextSide> LoadAsync(string path, IReadOnlyDictionary<long, string>? damagedLines, CancellationToken cancellationToken)
    {
        var side = new JsonLinesContextSide(Path.GetFileName(path));
        using var reader = new JsonLinesFileReader(path, 0);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (damagedLines?.ContainsKey(++lineNumber) == true)
            {
                continue;
            }

            switch (JsonLinesFormat.Read(line.Line))
            {
                case NamespaceLine ns:
                    if (ns.Registered)
                    {
                        side._registered.Add(new NamespaceRecord(ns.Name, ns.TtlSecond));
                    }

                    side._namespaceHashes[ns.Name] = CanonicalJsonHash.Of(ns.Properties);
                    break;
                case SessionTtlLine ttl:
                    Of(side._ttls, ttl.Namespace)[ttl.SessionId] = ttl.TtlSecond;
                    break;
                case SessionLine session:
                    if (session.TtlSecond is { } ownTtl)
                    {
                        Of(side._ttls, session.Namespace)[session.SessionId] = ownTtl;
                    }

                    if (!JsonText.IsEmptyObject(session.Properties.Span))
                    {
                        Of(side._sessions, session.Namespace)[session.SessionId] = CanonicalJsonHash.Of(session.Properties);
                    }

                    break;
            }
        }

        return side;
    }

    public Task<IReadOnlyList<NamespaceRecord>> RegisteredNamespacesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NamespaceRecord>>(_registered);

    public Task<string> NamespacePropertiesHashAsync(string ns, CancellationToken cancellationToken) =>
        Task.FromResult(_namespaceHashes.GetValueOrDefault(ns, EmptyObjectHash));

    public Task<IReadOnlyDictionary<string, long>> SessionTtlsAsync(string ns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(_ttls.GetValueOrDefault(ns) ?? []);

#pragma warning disable CS1998 // An iterator over what is in memory.
    public async IAsyncEnumerable<(string SessionId, string Hash)> SessionHashesAsync(
        string ns, [EnumeratorCancellation] CancellationToken cancellationToken)
#pragma warning restore CS1998
    {
        foreach (var (session, hash) in _sessions.GetValueOrDefault(ns) ?? [])
        {
            yield return (session, hash);
        }
    }

    private static Dictionary<string, T> Of<T>(Dictionary<string, Dictionary<string, T>> byNamespace, string ns)
    {
        if (!byNamespace.TryGetValue(ns, out var sessions))
        {
            sessions = new Dictionary<string, T>(StringComparer.Ordinal);
            byNamespace[ns] = sessions;
        }

        return sessions;
    }
}
