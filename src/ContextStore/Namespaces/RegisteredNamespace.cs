namespace ContextStore.Namespaces;

/// <summary>A row of N2: the namespace, when it was first registered, and its TTL when it has one.</summary>
public sealed record RegisteredNamespace(string Name, DateTimeOffset CreatedAt, int? TtlSecond);
