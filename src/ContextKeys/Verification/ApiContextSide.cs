using System.Runtime.CompilerServices;
using ContextKeys.Api;

namespace ContextKeys.Verification;

/// <summary>An endpoint as a side of a verification; sessions are read page by page (L2), streamed.</summary>
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

    public async IAsyncEnumerable<(string SessionId, string Hash)> SessionHashesAsync(
        string ns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 0; ; page++)
        {
            var count = 0;
            await foreach (var session in client.ListSessionPropertiesAsync(ns, page, pageSize, cancellationToken).ConfigureAwait(false))
            {
                count++;
                if (session.SessionId != ContextApiClient.DefaultNamespaceSession)
                {
                    yield return (session.SessionId, CanonicalJsonHash.Of(session.Properties));
                }
            }

            if (count < pageSize)
            {
                yield break;
            }
        }
    }
}
