namespace ContextStore.Contract;

/// <summary>Identifies one session: the unit of storage, of TTL and of optimistic concurrency.</summary>
public readonly record struct SessionKey(string AccountId, string Namespace, string SessionId)
{
    public static SessionKey NamespaceDefault(string accountId, string @namespace) =>
        new(accountId, @namespace, ContextLimits.DefaultSessionId);
}
