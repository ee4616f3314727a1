using System.Collections.Concurrent;
using ContextStore.Cosmos;
using Microsoft.Extensions.Options;

namespace ContextStore.Namespaces;

/// <summary>Namespace TTLs as every session write needs them, read from Cosmos DB at most once per cache duration.</summary>
public sealed class NamespaceTtlCache(CosmosContextRepository repository, TimeProvider clock, IOptions<StoreOptions> options)
{
    private readonly ConcurrentDictionary<(string AccountId, string Namespace), (int? Ttl, DateTimeOffset ReadAt)> _entries = new();

    public async ValueTask<int?> GetAsync(string accountId, string @namespace, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue((accountId, @namespace), out var entry)
            && now - entry.ReadAt < options.Value.NamespaceTtlCacheDuration)
        {
            return entry.Ttl;
        }

        var registration = await repository.ReadNamespaceAsync(accountId, @namespace, cancellationToken);
        _entries[(accountId, @namespace)] = (registration?.TtlSecond, now);
        return registration?.TtlSecond;
    }

    /// <summary>Called when this process changes a namespace, so its own next write sees the change at once.</summary>
    public void Forget(string accountId, string @namespace) => _entries.TryRemove((accountId, @namespace), out _);
}
