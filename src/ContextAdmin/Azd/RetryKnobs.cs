using System.Globalization;

namespace ContextAdmin.Azd;

/// <summary>
/// How long <see cref="FirstApiKey"/> retries, from the process environment (not azd values), for tests and an impatient
/// operator: CONTEXT_KEY_RETRY_SECONDS (default 600) and CONTEXT_KEY_RETRY_INTERVAL_SECONDS (default 30, at least 1).
/// Anything but a whole number of seconds keeps the default.
/// </summary>
public sealed record RetryKnobs(TimeSpan Budget, TimeSpan Interval)
{
    public static RetryKnobs From(Func<string, string?> environment) => new(
        TimeSpan.FromSeconds(WholeSeconds(environment("CONTEXT_KEY_RETRY_SECONDS"), 600)),
        TimeSpan.FromSeconds(Math.Max(1, WholeSeconds(environment("CONTEXT_KEY_RETRY_INTERVAL_SECONDS"), 30))));

    private static int WholeSeconds(string? value, int fallback) =>
        value is { Length: > 0 and <= 9 } && value.All(char.IsAsciiDigit) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
