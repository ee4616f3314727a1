namespace ContextKeys.Transfer;

/// <summary>One namespace to move: whether the source registered it (and its TTL), and how much it holds.</summary>
public sealed record NamespacePlan(string Name, bool Registered, long? TtlSecond, long SessionCount);
