using ContextStore.Sessions;
using ContextStore.Storage;

namespace ContextStore.UnitTests.Storage;

public class SessionExpiryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheSessionsOwnTtlWinsOverTheNamespaceTtl() =>
        Assert.Equal(10, SessionExpiry.EffectiveTtl(sessionTtl: 10, namespaceTtl: 100));

    [Fact]
    public void WithoutItsOwnTtlASessionTakesTheNamespaceTtl() =>
        Assert.Equal(100, SessionExpiry.EffectiveTtl(sessionTtl: null, namespaceTtl: 100));

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, 0)]
    [InlineData(null, 0)]
    public void WithNeitherTtlASessionNeverExpires(int? sessionTtl, int? namespaceTtl)
    {
        Assert.Null(SessionExpiry.EffectiveTtl(sessionTtl, namespaceTtl));
        Assert.Equal(SessionExpiry.Never, SessionExpiry.ExpiresAt(Noon, null));
    }

    [Fact]
    public void ASessionExpiresItsTtlAfterItsLastWrite() =>
        Assert.Equal(Noon.AddSeconds(100).ToUnixTimeMilliseconds(), SessionExpiry.ExpiresAt(Noon, 100));

    [Fact]
    public void ExpiryIsExactToTheMillisecond()
    {
        var expiresAt = SessionExpiry.ExpiresAt(Noon, 100);
        Assert.True(SessionExpiry.IsLive(expiresAt, Noon.AddSeconds(100).AddMilliseconds(-1)));
        Assert.False(SessionExpiry.IsLive(expiresAt, Noon.AddSeconds(100)));
    }

    [Fact]
    public void TheLargestTtlStillFitsBeforeNever() =>
        Assert.True(SessionExpiry.ExpiresAt(Noon, int.MaxValue) < SessionExpiry.Never);

    [Fact]
    public void NeverIsExactAsAJsonDouble() =>
        Assert.Equal(SessionExpiry.Never, (long)(double)SessionExpiry.Never);
}
