namespace ContextStore.Cosmos;

/// <summary>How long a conditional write waits before its next attempt after another writer got there first.</summary>
internal static class ContentionBackoff
{
    /// <summary>Random, growing waits so that contending writers spread out instead of colliding again in step.</summary>
    public static TimeSpan After(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(0, Math.Min(2 << Math.Min(attempt, 6), 100)));
}
