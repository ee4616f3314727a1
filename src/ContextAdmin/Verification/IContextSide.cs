using ContextAdmin.Api;

namespace ContextAdmin.Verification;

/// <summary>One side of a verification: an endpoint, or a JSON Lines export.</summary>
public interface IContextSide
{
    string Name { get; }

    Task<IReadOnlyList<NamespaceRecord>> RegisteredNamespacesAsync(CancellationToken cancellationToken);

    /// <summary>The canonical hash of the namespace's properties (<c>{}</c> when it has none).</summary>
    Task<string> NamespacePropertiesHashAsync(string ns, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, long>> SessionTtlsAsync(string ns, CancellationToken cancellationToken);

    /// <summary>Every session with properties except the namespace's own (<c>__default__</c>), with its canonical hash.</summary>
    IAsyncEnumerable<(string SessionId, string Hash)> SessionHashesAsync(string ns, CancellationToken cancellationToken);
}
