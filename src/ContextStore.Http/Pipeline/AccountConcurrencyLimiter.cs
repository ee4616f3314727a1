using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// One concurrency limiter per account, with a queue in front: at most <see cref="AccountConcurrencyOptions.PermitLimit"/>
/// requests of an account run at once, up to <see cref="AccountConcurrencyOptions.QueueLimit"/> more wait (oldest
/// first), the rest are refused. Other accounts' requests never wait for it. <see cref="RequestPipeline"/> asks only
/// for accounts whose key it has verified, so only real accounts get a partition, and a partition idle for ten seconds
/// is dropped (<see cref="PartitionedRateLimiter"/>): memory follows the accounts in use, not the ids requests make up.
/// </summary>
public sealed class AccountConcurrencyLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public AccountConcurrencyLimiter(IOptions<AccountConcurrencyOptions> options)
    {
        var settings = options.Value;
        RetryAfter = settings.RetryAfter;
        if (!settings.Enabled)
        {
            return;
        }

        var perAccount = new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        // Both delegates made once: a request allocates none of them.
        Func<string, ConcurrencyLimiterOptions> limiterOptions = _ => perAccount;
        _limiter = PartitionedRateLimiter.Create<string, string>(
            account => RateLimitPartition.GetConcurrencyLimiter(account, limiterOptions), StringComparer.Ordinal);
    }

    /// <summary>How long a refused request is told to wait.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>
    /// A turn for one request of <paramref name="accountId"/> (as stored, after its key was verified): acquired at once
    /// or after waiting in the account's queue; not acquired when the queue is full. Dispose it when the answer is sent.
    /// </summary>
    public ValueTask<RateLimitLease> AcquireAsync(string accountId, CancellationToken cancellationToken) =>
        _limiter is null ? ValueTask.FromResult<RateLimitLease>(Unlimited.Lease) : _limiter.AcquireAsync(accountId, 1, cancellationToken);

    /// <summary>What the account's partition has now (null: none, or the limit is off); for tests and diagnostics.</summary>
    public RateLimiterStatistics? GetStatistics(string accountId) => _limiter?.GetStatistics(accountId);

    public void Dispose() => _limiter?.Dispose();

    /// <summary>The lease of a request when the limit is off.</summary>
    private sealed class Unlimited : RateLimitLease
    {
        public static Unlimited Lease { get; } = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
