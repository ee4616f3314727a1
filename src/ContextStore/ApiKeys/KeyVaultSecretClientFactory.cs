using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace ContextStore.ApiKeys;

/// <summary>Builds the process's one <see cref="SecretClient"/> from <see cref="KeyVaultOptions"/>, signed in with the managed identity.</summary>
public static class KeyVaultSecretClientFactory
{
    public static SecretClient Create(KeyVaultOptions options)
    {
        var vaultUri = VaultUri(options);
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrEmpty(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });
        return Create(vaultUri, options, credential, new SecretClientOptions());
    }

    /// <summary>
    /// The same client with another credential and client options (its transport, challenge verification): how the
    /// tests drive the real client against a Key-Vault-compatible endpoint on the loopback.
    /// </summary>
    internal static SecretClient Create(KeyVaultOptions options, TokenCredential credential, SecretClientOptions clientOptions) =>
        Create(VaultUri(options), options, credential, clientOptions);

    private static SecretClient Create(Uri vaultUri, KeyVaultOptions options, TokenCredential credential, SecretClientOptions clientOptions)
    {
        // KeyVault:MaxRetries, RetryDelay and NetworkTimeout are checked at start (KeyVaultOptions).
        // Few, short retries: a request waits for the vault at most KeyVaultOptions.ReadTimeout anyway.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return new SecretClient(vaultUri, credential, clientOptions);
    }

    private static Uri VaultUri(KeyVaultOptions options) =>
        System.Uri.TryCreate(options.Uri, UriKind.Absolute, out var vaultUri)
            ? vaultUri
            : throw new InvalidOperationException(
                $"KeyVault:Uri must be an absolute URL (for example https://my-vault.vault.azure.net/); it is '{options.Uri}'.");
}
