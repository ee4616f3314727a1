using ContextStore.Cosmos;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContextStore.Namespaces;

/// <summary>
/// Namespace TTLs and generations as every session operation needs them, read from Cosmos DB at most once per
/// <see cref="StoreOptions.NamespaceCacheDuration"/>, counted on the monotonic clock from when the read was sent. N3
/// waits that long (<see cref="VisibilityDelay"/>) after it raised the generation before it answers, so once it has
/// answered no instance holds a generation read before the deletion.
/// At most <see cref="StoreOptions.NamespaceCacheSize"/> namespaces are remembered, so operations on ever-new namespace
/// names cannot grow memory without bound: when full, a newly read state is not kept and the least recently used
/// entries are compacted away; forgetting one only costs a Cosmos DB read later.
/// </summary>
public sealed class NamespaceStateCache : IDisposable
{
    /// <summary>What N3 waits beyond the cache duration, for timers and clock rates that differ slightly between instances.</summary>
    private static readonly TimeSpan VisibilityMargin = TimeSpan.FromMilliseconds(100);

    private readonly CosmosContextRepository _repository;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _duration;
    private readonly MemoryCache _entries;
    private readonly Lock _forgetting = new();
    private long _forgotten;

    public NamespaceStateCache(CosmosContextRepository repository, TimeProvider clock, IOptions<StoreOptions> options)
    {
        // Store:NamespaceCacheSize ≥ 1 and the duration's range are checked at start (StoreOptions).
        var settings = options.Value;
        _repository = repository;
        _clock = clock;
        _duration = settings.NamespaceCacheDuration;
        var cacheOptions = new MemoryCacheOptions { SizeLimit = settings.NamespaceCacheSize, Clock = new TimeProviderSystemClock(clock) };
        if (_duration > TimeSpan.Zero)
        {
            // Expired entries leave within about two cache durations, so they do not hold room that new namespaces need.
            cacheOptions.ExpirationScanFrequency = _duration;
        }

        _entries = new MemoryCache(Options.Create(cacheOptions));
    }

    /// <summary>
    /// How long after a change of a namespace's document every instance reads it: the cache duration and a margin
    /// (none without cache). Real time, as every instance's cache entries age in it.
    /// </summary>
    public TimeSpan VisibilityDelay => _duration > TimeSpan.Zero ? _duration + VisibilityMargin : TimeSpan.Zero;

    /// <summary>How many namespaces' states are in memory now.</summary>
    internal int Count => _entries.Count;

    public async ValueTask<NamespaceState> GetAsync(string accountId, string @namespace, CancellationToken cancellationToken)
    {
        var key = (accountId, @namespace);
        if (_entries.TryGetValue(key, out Entry? cached) && _clock.GetElapsedTime(cached!.ReadSentAt) < _duration)
        {
            return cached.State;
        }

        var forgottenBeforeRead = Interlocked.Read(ref _forgotten);
        var readSentAt = _clock.GetTimestamp();
        var document = await _repository.ReadNamespaceAsync(accountId, @namespace, cancellationToken);
        var state = new NamespaceState(document?.TtlSecond, document?.Generation ?? 0);
        if (_duration > TimeSpan.Zero)
        {
            lock (_forgetting)
            {
                // A namespace changed while this read was under way may have been read before the change: keeping it
                // would put back what Forget just removed, for a whole cache duration.
                if (_forgotten == forgottenBeforeRead)
                {
                    _entries.Set(key, new Entry(state, readSentAt),
                        new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _duration });
                }
            }
        }

        return state;
    }

    /// <summary>Called when this process changes a namespace, or finds a session newer than its state: its next read sees the change at once.</summary>
    public void Forget(string accountId, string @namespace)
    {
        lock (_forgetting)
        {
            _forgotten++;
            _entries.Remove((accountId, @namespace));
        }
    }

    public void Dispose() => _entries.Dispose();

    private sealed record Entry(NamespaceState State, long ReadSentAt);
}
