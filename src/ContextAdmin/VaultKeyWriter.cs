using System.Net;
using Azure;
using Azure.Security.KeyVault.Secrets;
using ContextStore.Contract;

namespace ContextAdmin;

/// <summary>Stores a key as a new version of the account's secret; the store picks it up within 60 seconds.</summary>
public sealed class VaultKeyWriter(SecretClient client)
{
    /// <returns>The secret's name and the new version.</returns>
    public async Task<(string Name, string? Version)> WriteAsync(string accountId, string key, CancellationToken cancellationToken)
    {
        var name = KeyVaultSecretNames.ForAccount(accountId);
        var response = await client.SetSecretAsync(name, key, cancellationToken).ConfigureAwait(false);
        return (name, response?.Value?.Properties.Version);
    }

    /// <summary>
    /// An enabled version of the account's secret, listed through the secret's versions (not its newest one only), or
    /// null when the secret is missing or every version is disabled.
    /// </summary>
    /// <returns>The enabled version found (its id, or "(unknown)" when the vault gave none), or null.</returns>
    public async Task<string?> EnabledVersionAsync(string accountId, CancellationToken cancellationToken)
    {
        var name = KeyVaultSecretNames.ForAccount(accountId);
        try
        {
            await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (properties.Enabled == true)
                {
                    return properties.Version ?? "(unknown)";
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // The secret does not exist (or was deleted): there is no key to keep.
        }

        return null;
    }
}
