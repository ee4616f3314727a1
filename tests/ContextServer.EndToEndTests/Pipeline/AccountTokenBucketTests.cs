using ContextStore.Http.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace ContextServer.EndToEndTests.Pipeline;

/// <summary>One account's bucket on its own: no server, no Cosmos DB.</summary>
public sealed class AccountTokenBucketTests
{
    /// <summary>
    /// The partitioned limiter hands a request its bucket outside its lock, and its timer may drop and dispose of that
    /// bucket (full and idle for ten seconds) before the request takes a token: the request is served as the full
    /// bucket would have served it, not failed with an ObjectDisposedException (a 500).
    /// </summary>
    [Fact]
    public void ARequestThatHoldsABucketDroppedMeanwhileIsServed()
    {
        var bucket = new AccountTokenBucket(
            new AccountRateLimitOptions { TokenLimit = 2, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(1) },
            new FakeTimeProvider());

        bucket.Dispose();
        using var lease = bucket.AttemptAcquire();

        Assert.True(lease.IsAcquired);
    }
}
