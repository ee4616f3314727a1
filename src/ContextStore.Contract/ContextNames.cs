namespace ContextStore.Contract;

/// <summary>The naming rules of the contract; each method throws <see cref="InvalidRequestException"/> when broken.</summary>
public static class ContextNames
{
    /// <summary>
    /// Account ids ignore case (Key Vault secret names do, so two spellings could never hold two keys): the id is
    /// returned in lower case, the one spelling under which the account's data is stored.
    /// </summary>
    public static string ValidateAccountId(string? accountId)
    {
        if (string.IsNullOrEmpty(accountId) || accountId.Length > ContextLimits.MaxAccountIdLength
            || !HasOnlyAccountIdCharacters(accountId))
        {
            throw new InvalidRequestException(
                $"Invalid accountId '{Printable(accountId)}': use 1-{ContextLimits.MaxAccountIdLength} letters, digits or '-'.");
        }

        return accountId.ToLowerInvariant();
    }

    /// <summary>Letters, digits and '-' only: the characters of an account id (and of a Key Vault secret name).</summary>
    public static bool HasOnlyAccountIdCharacters(string accountId) => accountId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static string ValidateNamespace(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > ContextLimits.MaxNamespaceLength
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new InvalidRequestException(
                $"Invalid namespace '{Printable(name)}': use 1-{ContextLimits.MaxNamespaceLength} letters, digits, '_' or '-'.");
        }

        if (ContextLimits.ReservedNamespaces.Contains(name))
        {
            throw new InvalidRequestException($"Namespace '{name}' is reserved.");
        }

        return name;
    }

    public static string ValidateSessionId(string? sessionId)
    {
        ValidateFreeFormName(sessionId, "sessionId", ContextLimits.MaxSessionIdLength);
        if (ContextLimits.ReservedSessionIds.Contains(sessionId!))
        {
            throw new InvalidRequestException($"sessionId '{sessionId}' is reserved.");
        }

        return sessionId!;
    }

    /// <summary>A property name; <c>.</c> and <c>..</c> are refused wherever a name is given, as no path can address them.</summary>
    public static string ValidatePropertyName(string? name)
    {
        ValidateFreeFormName(name, "property name", ContextLimits.MaxPropertyNameLength);
        if (name is "." or "..")
        {
            throw new InvalidRequestException($"Invalid property name '{name}': '.' and '..' cannot be addressed in a path.");
        }

        return name!;
    }

    private static void ValidateFreeFormName(string? value, string what, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            throw new InvalidRequestException($"Invalid {what}: use 1-{maxLength} characters.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '/' or '\\' or '?' or '#')
            {
                throw new InvalidRequestException(
                    $"Invalid {what} '{Printable(value)}': control characters and / \\ ? # are not allowed.");
            }
        }
    }

    /// <summary>Echoes a rejected name without control characters and without flooding the message.</summary>
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "";
        }

        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
