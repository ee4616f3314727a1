using System.Threading.RateLimiting;

namespace ContextAdmin.Api;

/// <summary>At most <c>n</c> requests a second, sent evenly (a token bucket refilled ten times a second, no burst beyond one tenth).</summary>
public static class RequestRateLimiter
{
    /// <returns>The limiter, or null for 0 (no limit).</returns>
    public static RateLimiter? PerSecond(double requestsPerSecond)
    {
        if (requestsPerSecond <= 0)
        {
            return null;
        }

        var perTenth = Math.Max(1, (int)Math.Ceiling(requestsPerSecond / 10));
        var period = TimeSpan.FromSeconds(perTenth / requestsPerSecond);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTenth,
            TokensPerPeriod = perTenth,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
