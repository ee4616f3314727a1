namespace ContextAdmin.Transfer;

/// <summary>
/// One namespace to move: whether the source registered it (and its TTL), and how much it holds; or, when its name
/// breaks the contract's rules, why it cannot be moved.
/// </summary>
public sealed record NamespacePlan(string Name, bool Registered, long? TtlSecond, long SessionCount, string? Problem = null);
