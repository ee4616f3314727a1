using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace ContextStore.ApiKeys;

/// <summary>Builds the process's one <see cref="SecretClient"/> from <see cref="KeyVaultOptions"/>, signed in with the managed identity.</summary>
public static class KeyVaultSecretClientFactory
{
    public static SecretClient Create(KeyVaultOptions options)
    {
        if (!System.Uri.TryCreate(options.Uri, UriKind.Absolute, out var vaultUri))
        {
            throw new InvalidOperationException(
                $"KeyVault:Uri must be an absolute URL (for example https://my-vault.vault.azure.net/); it is '{options.Uri}'.");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrEmpty(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });

        // Few, short retries: a request waits for the vault at most KeyVaultOptions.ReadTimeout anyway.
        var clientOptions = new SecretClientOptions();
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return new SecretClient(vaultUri, credential, clientOptions);
    }
}
