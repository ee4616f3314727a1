using System.ComponentModel.DataAnnotations;

namespace ContextStore.Cosmos;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// How long a process trusts the namespace TTL it last read, so that a write costs two Cosmos DB
    /// requests rather than three. A TTL changed through another instance reaches this one within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00",
        ErrorMessage = "Store:NamespaceTtlCacheDuration must be a time span from 00:00:00 (no cache) to 1.00:00:00 (one day).")]
    public TimeSpan NamespaceTtlCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many namespaces' TTLs a process keeps (a few hundred bytes each); set above the number of namespaces written
    /// within <see cref="NamespaceTtlCacheDuration"/>. Beyond it the least recently used are forgotten, which costs a
    /// Cosmos DB read on their next write.
    /// </summary>
    [Range(1, int.MaxValue,
        ErrorMessage = "Store:NamespaceTtlCacheSize must be a whole number from 1 to 2147483647; set it above your number of active namespaces.")]
    public int NamespaceTtlCacheSize { get; set; } = 100_000;

    /// <summary>How often a write re-reads and retries when another writer changed the session first.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Store:MaxWriteAttempts must be a whole number from 1 to 2147483647.")]
    public int MaxWriteAttempts { get; set; } = 200;
}
