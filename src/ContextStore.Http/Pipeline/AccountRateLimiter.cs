using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// One token bucket per account (<see cref="AccountTokenBucket"/>) in a <see cref="PartitionedRateLimiter"/>: a request
/// takes a token or is refused at once with the time until the next one. Account ids ignore case, so every spelling is
/// one bucket. <see cref="RequestPipeline"/> asks only for accounts whose key it has verified: a wrong key spends nothing
/// of the real account's budget and made-up ids get no bucket. A bucket that is full again and idle for ten seconds is
/// dropped by the partitioned limiter's own timer, so memory follows the accounts in use.
/// </summary>
public sealed class AccountRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private int _buckets;

    public AccountRateLimiter(IOptions<AccountRateLimitOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // Both delegates made once: a request allocates none of them.
        Action dropped = () => Interlocked.Decrement(ref _buckets);
        Func<string, RateLimiter> bucket = _ =>
        {
            Interlocked.Increment(ref _buckets);
            return new AccountTokenBucket(settings, clock, dropped);
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(
            account => RateLimitPartition.Get(account, bucket), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>How many accounts have a bucket now (for tests and diagnostics).</summary>
    public int BucketCount => Volatile.Read(ref _buckets);

    /// <summary>
    /// Takes one request of <paramref name="accountId"/>'s budget; false when it is spent, with the time until it has
    /// one again. Never waits.
    /// </summary>
    public bool TryAcquire(string accountId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(accountId);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return false;
    }

    /// <summary>What the account's bucket has now (null: the limit is off); makes the bucket if it had none.</summary>
    public RateLimiterStatistics? GetStatistics(string accountId) => _limiter?.GetStatistics(accountId);

    public void Dispose() => _limiter?.Dispose();
}
