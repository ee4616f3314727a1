using ContextStore.Names;
using Microsoft.Extensions.Primitives;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// Names as they arrive in the path and query. Routers leave an encoded slash (%2F) or backslash (%5C)
/// encoded, so one in a route value can only be a client's attempt at a name with a slash: refused.
/// </summary>
public static class RouteNames
{
    public static string Account(string accountId) => ContextNames.ValidateAccountId(accountId);

    public static string Namespace(string ns) => ContextNames.ValidateNamespace(ns);

    public static SessionKey Session(string accountId, string ns, string sessionId) =>
        new(accountId, Namespace(ns), ContextNames.ValidateSessionId(RefuseEncodedSeparators(sessionId, "sessionId")));

    public static string Property(string property) =>
        ContextNames.ValidatePropertyName(RefuseEncodedSeparators(property, "property name"));

    /// <summary><c>include=a,b</c> (and repeated <c>include</c>): the property names asked for, or null for all.</summary>
    public static IReadOnlyCollection<string>? Include(StringValues include)
    {
        if (include.Count == 0)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var value in include)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(ContextNames.ValidatePropertyName(name));
            }
        }

        return names;
    }

    private static string RefuseEncodedSeparators(string value, string what)
    {
        if (value.Contains("%2F", StringComparison.OrdinalIgnoreCase) || value.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"Invalid {what}: it contains an encoded '/' or '\\'.");
        }

        // Routers also leave a percent-encoded byte that is not valid UTF-8 (%FF, a lone %C3) encoded.
        for (var i = 0; i + 2 < value.Length; i++)
        {
            if (value[i] == '%' && value[i + 1] is >= '8' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f'
                && char.IsAsciiHexDigit(value[i + 2]))
            {
                throw new InvalidRequestException($"Invalid {what}: it contains a percent-encoded byte that is not UTF-8 text.");
            }
        }

        return value;
    }
}
