namespace ContextStore;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// How long a process trusts the namespace TTL it last read, so that a write costs two Cosmos DB
    /// requests rather than three. A TTL changed through another instance reaches this one within it.
    /// </summary>
    public TimeSpan NamespaceTtlCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many namespaces' TTLs a process keeps (a few hundred bytes each); set above the number of namespaces written
    /// within <see cref="NamespaceTtlCacheDuration"/>. Beyond it the least recently used are forgotten, which costs a
    /// Cosmos DB read on their next write.
    /// </summary>
    public int NamespaceTtlCacheSize { get; set; } = 100_000;

    /// <summary>How often a write re-reads and retries when another writer changed the session first.</summary>
    public int MaxWriteAttempts { get; set; } = 200;
}
