using System.ComponentModel.DataAnnotations;

namespace ContextStore.ApiKeys;

/// <summary>Configuration section <c>KeyVault</c>: where the API keys live in Azure and how long what was read is trusted.</summary>
public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    /// <summary>The contract: a regenerated key must stop working within this time, so the cache may never trust a value longer.</summary>
    public static readonly TimeSpan MaxSecretCacheDuration = TimeSpan.FromSeconds(60);

    /// <summary>Vault URI, e.g. https://my-vault.vault.azure.net/. When set, API keys are checked against Key Vault.</summary>
    [Url(ErrorMessage = "KeyVault:Uri must be an absolute https URL, for example https://my-vault.vault.azure.net/.")]
    public string? Uri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long a secret value read from the vault is trusted to accept a key; at most 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00",
        ErrorMessage = "KeyVault:SecretCacheDuration must be a time span from 00:00:00.001 to 00:01:00: a regenerated key must stop working within 60 seconds.")]
    public TimeSpan SecretCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A key that does not match what was read less than this long ago is refused without reading the vault
    /// again, so wrong keys cause at most one vault read per account per interval. Also the pause after a failed read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00",
        ErrorMessage = "KeyVault:MinimumReadInterval must be a time span from 00:00:00 to 01:00:00.")]
    public TimeSpan MinimumReadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Vault reads an instance makes in any minute for accounts whose key it does not know (none read yet, none found,
    /// none accepted within <see cref="VerifiedKeyGracePeriod"/>); beyond it such a request answers 503 without a read.
    /// Accounts whose key is known never count against it nor wait for it. Made-up account ids cost at most this.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "KeyVault:UnknownAccountReadsPerMinute must be a whole number from 1 to 100000.")]
    public int UnknownAccountReadsPerMinute { get; set; } = 60;

    /// <summary>While the vault cannot be reached, a key accepted within this time keeps working.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00",
        ErrorMessage = "KeyVault:VerifiedKeyGracePeriod must be a time span from 00:00:00 to 1.00:00:00 (one day).")]
    public TimeSpan VerifiedKeyGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one vault read may take (retries included) before the vault counts as unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00",
        ErrorMessage = "KeyVault:ReadTimeout must be a time span from 00:00:00.001 to 00:10:00.")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the Key Vault client retries a failed read (429, 5xx, network errors) within <see cref="ReadTimeout"/>.</summary>
    [Range(0, 10, ErrorMessage = "KeyVault:MaxRetries must be a whole number from 0 to 10.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first pause between retries, growing exponentially; a 429's Retry-After is honoured when longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00",
        ErrorMessage = "KeyVault:RetryDelay must be a time span from 00:00:00.001 to 00:01:00.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>How long one attempt may take on the network; <see cref="ReadTimeout"/> bounds the whole read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00",
        ErrorMessage = "KeyVault:NetworkTimeout must be a time span from 00:00:00.001 to 00:10:00.")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many entries of key state are kept in memory: one per account read, and one more per account whose key was
    /// accepted; set above twice your number of accounts. Reaching it forgets half of them, accounts without a key
    /// first and accounts with a recently accepted key last, which costs at most a vault read later.
    /// </summary>
    [Range(1, int.MaxValue,
        ErrorMessage = "KeyVault:MaxRememberedAccounts must be a whole number from 1 to 2147483647; set it above your number of accounts.")]
    public int MaxRememberedAccounts { get; set; } = 20_000;
}
