using ContextStore.Contract;

namespace ContextAdmin.Api;

/// <summary>
/// The contract's rules for the names a request carries, checked before any URL is built: a name the contract
/// refuses could at best be refused, and at worst (<c>.</c>, <c>..</c>) be dropped from the path by URL
/// normalisation and write somewhere else. Each method returns why the name cannot be used, or null.
/// </summary>
public static class TargetNames
{
    /// <summary>Dot segments: refused as session ids, and as property names since the 2026-12-04 decisions (2).</summary>
    private static readonly HashSet<string> DotSegments = [".", ".."];

    public static string? NamespaceProblem(string name) => Problem(() => ContextNames.ValidateNamespace(name));

    public static string? SessionIdProblem(string sessionId) => Problem(() => ContextNames.ValidateSessionId(sessionId));

    public static string? PropertyNameProblem(string name) =>
        DotSegments.Contains(name)
            ? $"property name '{name}' is refused by the contract ('.' and '..' name no property in a path)"
            : Problem(() => ContextNames.ValidatePropertyName(name));

    private static string? Problem(Action validate)
    {
        try
        {
            validate();
            return null;
        }
        catch (InvalidRequestException e)
        {
            return e.Message;
        }
    }
}
