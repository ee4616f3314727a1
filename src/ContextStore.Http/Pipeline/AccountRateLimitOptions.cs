using System.ComponentModel.DataAnnotations;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// Configuration section <c>AccountRateLimit</c>: how many requests of one account an instance serves over time, a token
/// bucket per account (<see cref="AccountRateLimiter"/>), so that one account cannot take all of an instance's and
/// Cosmos DB's capacity. Beyond it a request answers 429 with <c>Retry-After</c>.
/// </summary>
public sealed class AccountRateLimitOptions
{
    public const string Section = "AccountRateLimit";

    /// <summary>Whether the limit applies at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The burst: requests an account that has been quiet may make at once. The default, 2,000, is two seconds of
    /// the default rate.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "AccountRateLimit:TokenLimit must be a whole number from 1 to 10000000.")]
    public int TokenLimit { get; set; } = 2_000;

    /// <summary>
    /// Requests per <see cref="ReplenishmentPeriod"/> an account makes in the long run, refilled continuously. The
    /// default, 1,000 per second on each instance, is more than a conversational workload of one brand sends to one
    /// instance, so a well-behaved client never meets it; lower it to cap what one account may cost in Cosmos DB
    /// request units (a write costs about 10, a read about 1).
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "AccountRateLimit:TokensPerPeriod must be a whole number from 1 to 10000000.")]
    public int TokensPerPeriod { get; set; } = 1_000;

    /// <summary>The time in which <see cref="TokensPerPeriod"/> requests are given back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00",
        ErrorMessage = "AccountRateLimit:ReplenishmentPeriod must be a time span from 00:00:00.001 to 1.00:00:00 (one day).")]
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
