namespace ContextStore.Expiry;

/// <summary>What one expired-session sweep removed and rewrote, and how much of its budget it used.</summary>
/// <param name="ExpiredRemoved">Expired sessions that Cosmos DB's own TTL had not removed.</param>
/// <param name="OldTtlRecordsRemoved">TTL records from before T1 counted as a write, already expired.</param>
/// <param name="OldTtlRecordsExpiring">TTL records from before T1 counted as a write, given their expiry.</param>
/// <param name="Namespaces">Sessions of deleted namespaces.</param>
/// <param name="WritesUsed">Documents removed or rewritten, or attempted (one changed meanwhile costs a request too).</param>
/// <param name="BudgetSpent">Whether the sweep stopped at <see cref="SweepLimits.MaxRemovalsPerRun"/>, leaving work for the next.</param>
public sealed record SweepReport(
    int ExpiredRemoved, int OldTtlRecordsRemoved, int OldTtlRecordsExpiring, NamespaceRemovalReport Namespaces, int WritesUsed, bool BudgetSpent)
{
    /// <summary>Session documents removed.</summary>
    public int Removed => ExpiredRemoved + OldTtlRecordsRemoved + Namespaces.SessionsRemoved;
}
