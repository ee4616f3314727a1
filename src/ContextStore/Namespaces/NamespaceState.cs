namespace ContextStore.Namespaces;

/// <summary>
/// What every session operation needs of its namespace: its TTL (N1), and its generation, which N3 raises: sessions of
/// an older generation were deleted with the namespace.
/// </summary>
public readonly record struct NamespaceState(int? TtlSecond, int Generation);
