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

    [Theory]
    [InlineData(1000, 2)]
    [InlineData(1001, 3)]
    [InlineData(1, 2)]
    [InlineData(3_600_000, 3601)]
    [InlineData(0, 1)]
    [InlineData(-5000, 1)]
    public void CosmosDbsTtlIsTheSecondsToTheExpiryRoundedUpAndOneMore(long millisecondsToExpiry, int expected) =>
        Assert.Equal(expected, SessionExpiry.NativeTtl(Noon.ToUnixTimeMilliseconds() + millisecondsToExpiry, Noon));

    [Fact]
    public void ASessionThatNeverExpiresHasNoCosmosDbTtl() => Assert.Null(SessionExpiry.NativeTtl(SessionExpiry.Never, Noon));

    [Fact]
    public void CosmosDbNeverHidesASessionBeforeItsExactExpiry()
    {
        // Cosmos DB removes a document ttl seconds after its _ts, the write's second rounded down.
        for (var millisecond = 0; millisecond < 1000; millisecond++)
        {
            var written = Noon.AddMilliseconds(millisecond);
            foreach (var ttl in new[] { 1, 59, 3600 })
            {
                var expiresAt = SessionExpiry.ExpiresAt(written, ttl);
                var hiddenAt = (written.ToUnixTimeSeconds() + SessionExpiry.NativeTtl(expiresAt, written)!.Value) * 1000L;
                Assert.True(hiddenAt >= expiresAt, $"written at .{millisecond:000} with ttl {ttl}: hidden at {hiddenAt}, expires at {expiresAt}");
            }
        }
    }

    [Fact]
    public void CosmosDbsTtlOfTheLongestTtlStaysAWholeNumberCosmosDbTakes() =>
        Assert.Equal(int.MaxValue, SessionExpiry.NativeTtl(SessionExpiry.ExpiresAt(Noon, int.MaxValue), Noon));

    [Fact]
    public void AnOldTtlRecordExpiresItsTtlAfterItsLastActivity()
    {
        var noon = Noon.ToUnixTimeMilliseconds();
        Assert.Equal(noon + 10_000, SessionExpiry.ExpiresAtOfOldTtlRecord(lastWriteAt: noon, ttlCreatedAt: noon - 5000, Noon.ToUnixTimeSeconds() - 60, 10));
        Assert.Equal(noon + 10_000, SessionExpiry.ExpiresAtOfOldTtlRecord(lastWriteAt: 0, ttlCreatedAt: noon, Noon.ToUnixTimeSeconds() - 60, 10));
        Assert.Equal(noon + 70_000, SessionExpiry.ExpiresAtOfOldTtlRecord(lastWriteAt: noon, ttlCreatedAt: noon, Noon.ToUnixTimeSeconds() + 60, 10));
    }
}
