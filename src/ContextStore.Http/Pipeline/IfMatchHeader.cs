using ContextStore.Contract;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Pipeline;

/// <summary>The <c>If-Match</c> of a write: none, or a condition that parses; an empty or malformed one is refused.</summary>
public static class IfMatchHeader
{
    /// <summary>The condition to write on, or null when the request has no <c>If-Match</c>.</summary>
    public static string? ConditionOf(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("If-Match", out var values))
        {
            return null;
        }

        // Several If-Match lines are one list joined by commas (RFC 9110 §5.3).
        var value = values.ToString().Trim(' ', '\t');
        if (value.Length == 0)
        {
            throw new InvalidRequestException("If-Match is empty: send * or the ETag of a read (a comma-separated list of them).");
        }

        var condition = IfMatchCondition.Parse(value);
        if (!condition.MatchesAnyVersion && condition.Tags.Count == 0)
        {
            throw new InvalidRequestException(
                "If-Match cannot be parsed: send * or quoted ETags as a read returned them, such as \"abc\" (a comma-separated list of them).");
        }

        return value;
    }
}
