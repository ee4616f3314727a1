using System.Threading.RateLimiting;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// One account's token bucket on a <see cref="TimeProvider"/>: <see cref="AccountRateLimitOptions.TokenLimit"/> tokens,
/// refilled continuously at <see cref="AccountRateLimitOptions.TokensPerPeriod"/> per
/// <see cref="AccountRateLimitOptions.ReplenishmentPeriod"/>, computed from the clock when asked (no timer of its own,
/// so a test's clock drives it). It never queues: a request gets a token at once or a refusal that says when the next
/// one comes. Idle once full again, so <see cref="PartitionedRateLimiter"/> drops it: nothing it knew is lost then.
/// </summary>
internal sealed class AccountTokenBucket(AccountRateLimitOptions options, TimeProvider clock, Action? disposed = null) : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly double _tokensPerTick = (double)options.TokensPerPeriod / options.ReplenishmentPeriod.Ticks;
    private readonly long _origin = clock.GetTimestamp();
    private double _tokens = options.TokenLimit;
    private long _updatedAt;
    private long _fullSince;
    private long _successful;
    private long _failed;
    private bool _disposed;

    /// <summary>How long the bucket has been full (then it can be dropped and made again as it was), else null.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = Refill();
                return _fullSince < 0 ? null : TimeSpan.FromTicks(now - _fullSince);
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)_tokens,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, options.TokenLimit);
        lock (_gate)
        {
            // Disposed or not: the partitioned limiter hands a request its bucket outside its lock, and its timer may drop
            // and dispose of the bucket (full and idle) before the request gets here. Served as that full bucket would.
            Refill();
            // Asking for none answers whether one is there, as RateLimiter's contract has it.
            var needed = Math.Max(permitCount, 1);
            if (_tokens >= needed)
            {
                _tokens -= permitCount;
                _fullSince = permitCount > 0 ? -1 : _fullSince;
                _successful++;
                return Lease.Acquired;
            }

            _failed++;
            return new Lease(TimeSpan.FromTicks((long)Math.Ceiling((needed - _tokens) / _tokensPerTick)));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        disposed?.Invoke();
    }

    /// <summary>Adds what the time since the last update gives back, noting when the bucket became full; returns now.</summary>
    private long Refill()
    {
        // Ticks of a TimeSpan since the bucket was made: the clock's timestamps may have another frequency.
        var now = clock.GetElapsedTime(_origin).Ticks;
        if (_tokens < options.TokenLimit)
        {
            var tokens = _tokens + (now - _updatedAt) * _tokensPerTick;
            if (tokens >= options.TokenLimit)
            {
                _fullSince = Math.Min(now, _updatedAt + (long)Math.Ceiling((options.TokenLimit - _tokens) / _tokensPerTick));
                tokens = options.TokenLimit;
            }

            _tokens = tokens;
        }

        _updatedAt = now;
        return now;
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Acquired { get; } = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
