using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Storage;

namespace ContextStore.Namespaces;

/// <summary>
/// Reads one session as its namespace's current generation sees it: a session written before the namespace was deleted
/// (N3) is marked <see cref="SessionDocument.InDeletedNamespace"/> and reads as gone, whether or not its document was
/// removed yet. The namespace's state comes from <see cref="NamespaceStateCache"/>, read beside the session when not
/// cached, so a read stays one Cosmos DB round trip; a session newer than the cached generation (written after a
/// deletion that this process has not read yet) makes it read the namespace again.
/// </summary>
public sealed class CurrentSessionReader(CosmosContextRepository repository, NamespaceStateCache namespaces)
{
    /// <summary>The session's document (null when none is stored) and the state of its namespace.</summary>
    public async Task<(StoredSession? Session, NamespaceState Namespace)> ReadAsync(SessionKey key, CancellationToken cancellationToken)
    {
        var stateRead = namespaces.GetAsync(key.AccountId, key.Namespace, cancellationToken);
        var stored = await repository.ReadSessionAsync(key, cancellationToken);
        var state = await CurrentAsync(key, stored?.Document.Generation ?? 0, await stateRead, cancellationToken);
        return stored is not null && stored.Document.Generation < state.Generation
            ? (stored with { Document = stored.Document with { InDeletedNamespace = true } }, state)
            : (stored, state);
    }

    /// <summary>The session's properties text as stored (null when none is), marked when the namespace was deleted since.</summary>
    public async Task<StoredPropertiesText?> ReadPropertiesAsync(SessionKey key, CancellationToken cancellationToken)
    {
        var stateRead = namespaces.GetAsync(key.AccountId, key.Namespace, cancellationToken);
        var stored = await repository.ReadSessionPropertiesAsync(key, cancellationToken);
        var state = await CurrentAsync(key, stored?.Generation ?? 0, await stateRead, cancellationToken);
        return stored is not null && stored.Generation < state.Generation ? stored with { InDeletedNamespace = true } : stored;
    }

    /// <summary>The namespace's state, for operations on many of its sessions.</summary>
    public ValueTask<NamespaceState> NamespaceAsync(string accountId, string @namespace, CancellationToken cancellationToken) =>
        namespaces.GetAsync(accountId, @namespace, cancellationToken);

    /// <summary>
    /// The state to judge a session of <paramref name="documentGeneration"/> by: a session from a later generation than
    /// the cached one was written after a deletion this process has not read yet, so the namespace is read again.
    /// </summary>
    private async Task<NamespaceState> CurrentAsync(
        SessionKey key, int documentGeneration, NamespaceState state, CancellationToken cancellationToken)
    {
        if (documentGeneration <= state.Generation)
        {
            return state;
        }

        namespaces.Forget(key.AccountId, key.Namespace);
        return await namespaces.GetAsync(key.AccountId, key.Namespace, cancellationToken);
    }
}
