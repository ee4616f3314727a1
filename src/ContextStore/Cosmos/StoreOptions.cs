using System.ComponentModel.DataAnnotations;

namespace ContextStore.Cosmos;

/// <summary>Configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// How long a process trusts the namespace TTL and generation it last read, so that an operation on a session costs
    /// one Cosmos DB read rather than two. A TTL changed through another instance reaches this one within it, and N3
    /// waits it out before it answers, so that no instance shows a deleted namespace's sessions afterwards: it bounds
    /// N3's answer time, hence at most 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10",
        ErrorMessage = "Store:NamespaceCacheDuration must be a time span from 00:00:00 (no cache) to 00:00:10 (ten seconds); N3 waits it out before it answers.")]
    public TimeSpan NamespaceCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many namespaces' states a process keeps (a few hundred bytes each); set above the number of namespaces used
    /// within <see cref="NamespaceCacheDuration"/>. Beyond it the least recently used are forgotten, which costs a
    /// Cosmos DB read on their next use.
    /// </summary>
    [Range(1, int.MaxValue,
        ErrorMessage = "Store:NamespaceCacheSize must be a whole number from 1 to 2147483647; set it above your number of active namespaces.")]
    public int NamespaceCacheSize { get; set; } = 100_000;

    /// <summary>How often a write re-reads and retries when another writer changed the session first.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Store:MaxWriteAttempts must be a whole number from 1 to 2147483647.")]
    public int MaxWriteAttempts { get; set; } = 200;
}
