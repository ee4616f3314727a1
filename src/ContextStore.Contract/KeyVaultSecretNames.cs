namespace ContextStore.Contract;

/// <summary>
/// The Key Vault secret that holds an account's API key: <c>context-api-key-{accountId}</c>. Key Vault's secret names
/// ignore case, so every spelling of an account id names one secret, written in lower case.
/// </summary>
public static class KeyVaultSecretNames
{
    public const string Prefix = "context-api-key-";

    /// <summary>Key Vault secret names: 1-127 letters, digits and dashes.</summary>
    private const int MaxLength = 127;

    /// <summary>The secret that holds the key of an account, whatever the spelling of its id.</summary>
    public static string ForAccount(string accountId) => Prefix + accountId.ToLowerInvariant();

    /// <summary>Whether <paramref name="accountId"/> makes a valid secret name, so that asking the vault for it can succeed.</summary>
    public static bool CanName(string? accountId) =>
        !string.IsNullOrEmpty(accountId)
        && Prefix.Length + accountId.Length <= MaxLength
        && ContextNames.HasOnlyAccountIdCharacters(accountId);
}
