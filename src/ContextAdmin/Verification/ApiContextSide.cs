using System.Runtime.CompilerServices;
using ContextAdmin.Api;
using ContextAdmin.Transfer;

namespace ContextAdmin.Verification;

/// <summary>An endpoint as a side of a verification; sessions are read window by window (L2), streamed.</summary>
public sealed class ApiContextSide(ContextApiClient client, int pageSize) : IContextSide
{
    public string Name => client.Endpoint.GetLeftPart(UriPartial.Authority);

    public Task<IReadOnlyList<NamespaceRecord>> RegisteredNamespacesAsync(CancellationToken cancellationToken) =>
        client.ListNamespacesAsync(cancellationToken);

    public async Task<string> NamespacePropertiesHashAsync(string ns, CancellationToken cancellationToken) =>
        CanonicalJsonHash.Of(await client.GetNamespacePropertiesAsync(ns, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyDictionary<string, long>> SessionTtlsAsync(string ns, CancellationToken cancellationToken)
    {
        var ttls = await client.ListSessionTtlsAsync(ns, cancellationToken).ConfigureAwait(false);
        return ttls.ToDictionary(t => t.SessionId, t => t.TtlSecond, StringComparer.Ordinal);
    }

    /// <summary>
    /// The sessions walked by a <see cref="ListingCursor"/> (L2, short windows checked against L1), so that a session that
    /// stays listed is not missed while others expire; the namespace's ids and hashes are held, never the properties.
    /// </summary>
    public async IAsyncEnumerable<(string SessionId, string Hash)> SessionHashesAsync(
        string ns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var hashes = new List<(string SessionId, string Hash)>();
        var cursor = new ListingCursor(null, 0, pageSize);
        await cursor.WalkAsync(
            (window, token) => client.ListSessionPropertiesAsync(ns, window.Page, window.PerPage, token),
            session => session.SessionId,
            (session, _) =>
            {
                if (session.SessionId != ContextApiClient.DefaultNamespaceSession)
                {
                    hashes.Add((session.SessionId, CanonicalJsonHash.Of(session.Properties)));
                }

                return ValueTask.FromResult(true);
            },
            isEnd: async token => !await SessionIdListing.AnyAfterAsync(client, ns, cursor.Last, cursor.Position, token).ConfigureAwait(false),
            onWindowDone: null,
            cancellationToken).ConfigureAwait(false);
        foreach (var hash in hashes)
        {
            yield return hash;
        }
    }
}
