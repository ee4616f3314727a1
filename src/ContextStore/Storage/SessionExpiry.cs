namespace ContextStore.Storage;

/// <summary>
/// The TTL rules of the contract: a session's effective TTL is its own TTL, else its namespace's, else none; it
/// expires that many seconds after its last write (T1 included); expiry is exact at read time. Cosmos DB's own TTL
/// removes the document afterwards.
/// </summary>
public static class SessionExpiry
{
    /// <summary>Expiry of a session without TTL: 9999-12-31T23:59:59.999Z, exact as a JSON double.</summary>
    public const long Never = 253_402_300_799_999;

    public static int? EffectiveTtl(int? sessionTtl, int? namespaceTtl) =>
        sessionTtl is > 0 ? sessionTtl : namespaceTtl is > 0 ? namespaceTtl : null;

    public static long ExpiresAt(DateTimeOffset lastWrite, int? effectiveTtl) =>
        effectiveTtl is > 0 ? lastWrite.ToUnixTimeMilliseconds() + effectiveTtl.Value * 1000L : Never;

    public static bool IsLive(long expiresAt, DateTimeOffset now) => expiresAt > now.ToUnixTimeMilliseconds();

    /// <summary>
    /// The Cosmos DB <c>ttl</c> of a document written at <paramref name="now"/> that expires at
    /// <paramref name="expiresAt"/>; null when it never expires. Cosmos DB counts <c>ttl</c> seconds from the write's
    /// <c>_ts</c>, which it keeps in whole seconds, rounded down: the seconds to the expiry, rounded up, plus one, so
    /// that Cosmos DB never hides a document before the exact expiry that reads decide.
    /// </summary>
    public static int? NativeTtl(long expiresAt, DateTimeOffset now)
    {
        if (expiresAt >= Never)
        {
            return null;
        }

        var milliseconds = Math.Max(expiresAt - now.ToUnixTimeMilliseconds(), 0);
        var seconds = (milliseconds + 999) / 1000 + 1;
        return (int)Math.Min(seconds, int.MaxValue);
    }

    /// <summary>
    /// The expiry of a session stored before T1 counted as a write, whose own TTL record never expired
    /// (<see cref="Never"/>): its own TTL after its last activity. That is the latest of its last property write, when
    /// its TTL was first set, and Cosmos DB's <c>_ts</c> (<paramref name="lastModifiedSeconds"/>), which is when the
    /// document was last changed, by a write, by T1 changing the TTL, or by the old sweep emptying it.
    /// </summary>
    public static long ExpiresAtOfOldTtlRecord(long lastWriteAt, long? ttlCreatedAt, long lastModifiedSeconds, int ttlSecond) =>
        Math.Max(Math.Max(lastWriteAt, ttlCreatedAt ?? 0), lastModifiedSeconds * 1000) + ttlSecond * 1000L;
}
