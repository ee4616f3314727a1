namespace ContextAdmin.Api;

/// <summary>
/// What the tool accepts from an endpoint, whatever it sends: memory, counts and time are bounded by the contract's
/// limits, so a broken or hostile endpoint cannot make the tool grow or wait without end.
/// </summary>
public sealed record EndpointLimits
{
    /// <summary>
    /// One listing element or one properties answer: a session holds at most 800,000 UTF-16 code units of compact
    /// JSON (at most 3 UTF-8 bytes each, 2.4 MB), with room left for an endpoint that indents its answers.
    /// </summary>
    public const int DefaultMaxElementBytes = 8 * 1024 * 1024;

    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(30);

    public static EndpointLimits Default { get; } = new();

    public int MaxElementBytes { get; init; } = DefaultMaxElementBytes;

    /// <summary>An error answer's body is read this far, for its <c>message</c>; the rest is never read.</summary>
    public int MaxErrorBodyBytes { get; init; } = 4096;

    /// <summary>Elements of a listing that has no pages (N2, T2): more is an endless listing, and stops.</summary>
    public int MaxUnpagedElements { get; init; } = 1_000_000;

    /// <summary>
    /// No byte of an answer for this long, or fewer than <see cref="MinimumBytesPerReadTimeout"/> bytes in this long,
    /// stops the read: an endpoint that drips its answer is as stuck as one that sends nothing.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = DefaultReadTimeout;

    public int MinimumBytesPerReadTimeout { get; init; } = 1024;
}
