namespace ContextStore.ApiKeys;

/// <summary>Configuration section <c>KeyVault</c>: where the API keys live in Azure and how long what was read is trusted.</summary>
public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary>The contract: a regenerated key must stop working within this time, so the cache may never trust a value longer.</summary>
    public static readonly TimeSpan MaxSecretCacheDuration = TimeSpan.FromSeconds(60);

    /// <summary>Vault URI, e.g. https://my-vault.vault.azure.net/. When set, API keys are checked against Key Vault.</summary>
    public string? Uri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long a secret value read from the vault is trusted to accept a key; at most 60 seconds.</summary>
    public TimeSpan SecretCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A key that does not match what was read less than this long ago is refused without reading the vault
    /// again, so wrong keys cause at most one vault read per account per interval. Also the pause after a failed read.
    /// </summary>
    public TimeSpan MinimumReadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While the vault cannot be reached, a key accepted within this time keeps working.</summary>
    public TimeSpan VerifiedKeyGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one vault read may take (retries included) before the vault counts as unreachable.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the Key Vault client retries a failed read (429, 5xx, network errors) within <see cref="ReadTimeout"/>.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first pause between retries, growing exponentially; a 429's Retry-After is honoured when longer.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>How long one attempt may take on the network; <see cref="ReadTimeout"/> bounds the whole read.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many accounts' key state is kept in memory; set above your number of accounts. Reaching it forgets idle
    /// accounts and accounts without a key, which costs at most a vault read later; accounts whose key was accepted
    /// within <see cref="VerifiedKeyGracePeriod"/> are kept.
    /// </summary>
    public int MaxRememberedAccounts { get; set; } = 10_000;
}
