using System.ComponentModel.DataAnnotations;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// Configuration section <c>AccountConcurrency</c>: how much of one instance a single account can hold at once, so
/// that one account's burst waits its turn instead of slowing every other account (<see cref="AccountConcurrencyLimiter"/>).
/// </summary>
public sealed class AccountConcurrencyOptions
{
    public const string Section = "AccountConcurrency";

    /// <summary>Whether the limit applies at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests of one account that an instance runs at once, from the verified key to the last byte of the answer.
    /// The default, 16, is the HTTP concurrency per instance that Flex Consumption scales out at: one account alone can
    /// keep an instance as busy as the platform lets it, and no more than that.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "AccountConcurrency:PermitLimit must be a whole number from 1 to 100000.")]
    public int PermitLimit { get; set; } = 16;

    /// <summary>
    /// Requests of one account that wait for a turn, oldest first, beyond <see cref="PermitLimit"/>; any more are
    /// answered 503 with <see cref="RetryAfter"/> at once. A waiting request holds its connection and nothing else.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "AccountConcurrency:QueueLimit must be a whole number from 0 to 100000.")]
    public int QueueLimit { get; set; } = 1_000;

    /// <summary>The <c>Retry-After</c> of the 503 that a request gets when its account's queue is full.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00",
        ErrorMessage = "AccountConcurrency:RetryAfter must be a time span from 00:00:01 to 00:01:00.")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
