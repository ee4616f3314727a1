namespace ContextStore.Storage;

/// <summary>
/// The TTL rules of the contract: a session's effective TTL is its own TTL, else its namespace's,
/// else none; it expires that many seconds after its last write; expiry is exact at read time.
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
}
