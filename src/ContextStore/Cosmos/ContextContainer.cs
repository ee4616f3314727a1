using ContextStore.Contract;
using Microsoft.Azure.Cosmos;

namespace ContextStore.Cosmos;

/// <summary>The one container that holds every session and namespace registration, and how it is shaped.</summary>
public sealed class ContextContainer(Container container)
{
    public static readonly IReadOnlyList<string> PartitionKeyPaths = ["/accountId", "/namespace", "/sessionId"];

    public Container Container { get; } = container;

    public static PartitionKey SessionPartition(SessionKey key) =>
        new PartitionKeyBuilder().Add(key.AccountId).Add(key.Namespace).Add(key.SessionId).Build();

    /// <summary>The prefix [accountId, namespace]: every session of one namespace.</summary>
    public static PartitionKey NamespacePrefix(string accountId, string @namespace) =>
        new PartitionKeyBuilder().Add(accountId).Add(@namespace).Build();

    /// <summary>
    /// Cosmos DB's own TTL, on, with no default: a document expires only by its own <c>ttl</c> (session documents carry
    /// one when they expire), and Cosmos DB then hides it at once and removes it with spare throughput.
    /// </summary>
    public const int DefaultTimeToLive = -1;

    public static ContainerProperties Properties(string name) => new(name, PartitionKeyPaths.ToList())
    {
        DefaultTimeToLive = DefaultTimeToLive,
        IndexingPolicy = new IndexingPolicy
        {
            Automatic = true,
            IndexingMode = IndexingMode.Consistent,
            // The properties text is read by point reads only; indexing it would cost RUs on every write.
            IncludedPaths = { new IncludedPath { Path = "/*" } },
            ExcludedPaths = { new ExcludedPath { Path = "/properties/?" } },
        },
    };
}
