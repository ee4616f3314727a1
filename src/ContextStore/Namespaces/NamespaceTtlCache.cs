using ContextStore.Cosmos;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContextStore.Namespaces;

/// <summary>
/// Namespace TTLs as every session write needs them, read from Cosmos DB at most once per cache duration.
/// At most <see cref="StoreOptions.NamespaceTtlCacheSize"/> namespaces are remembered, so writes to ever-new namespace
/// names cannot grow memory without bound: when full, a newly read TTL is not kept and the least recently used
/// entries are compacted away; forgetting one only costs a Cosmos DB read later.
/// </summary>
public sealed class NamespaceTtlCache : IDisposable
{
    private readonly CosmosContextRepository _repository;
    private readonly TimeSpan _duration;
    private readonly MemoryCache _entries;
    private readonly Lock _forgetting = new();
    private long _forgotten;

    public NamespaceTtlCache(CosmosContextRepository repository, TimeProvider clock, IOptions<StoreOptions> options)
    {
        // Store:NamespaceTtlCacheSize ≥ 1 and the duration's range are checked at start (StoreOptions).
        var settings = options.Value;
        _repository = repository;
        _duration = settings.NamespaceTtlCacheDuration;
        var cacheOptions = new MemoryCacheOptions { SizeLimit = settings.NamespaceTtlCacheSize, Clock = new TimeProviderSystemClock(clock) };
        if (_duration > TimeSpan.Zero)
        {
            // Expired entries leave within about two cache durations, so they do not hold room that new namespaces need.
            cacheOptions.ExpirationScanFrequency = _duration;
        }

        _entries = new MemoryCache(Options.Create(cacheOptions));
    }

    /// <summary>How many namespaces' TTLs are in memory now.</summary>
    internal int Count => _entries.Count;

    public async ValueTask<int?> GetAsync(string accountId, string @namespace, CancellationToken cancellationToken)
    {
        var key = (accountId, @namespace);
        if (_entries.TryGetValue(key, out int? cached))
        {
            return cached;
        }

        var forgottenBeforeRead = Interlocked.Read(ref _forgotten);
        var ttl = (await _repository.ReadNamespaceAsync(accountId, @namespace, cancellationToken))?.TtlSecond;
        if (_duration > TimeSpan.Zero)
        {
            lock (_forgetting)
            {
                // A namespace changed while this read was under way may have been read before the change: keeping it
                // would put back what Forget just removed, for a whole cache duration.
                if (_forgotten == forgottenBeforeRead)
                {
                    _entries.Set(key, ttl, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _duration });
                }
            }
        }

        return ttl;
    }

    /// <summary>Called when this process changes a namespace, so its own next write sees the change at once.</summary>
    public void Forget(string accountId, string @namespace)
    {
        lock (_forgetting)
        {
            _forgotten++;
            _entries.Remove((accountId, @namespace));
        }
    }

    public void Dispose() => _entries.Dispose();
}
