using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;

namespace ContextKeys;

/// <summary>Stores a key as a new version of the account's secret; the store picks it up within 60 seconds.</summary>
public sealed class VaultKeyWriter(SecretClient client)
{
    /// <returns>The secret's name and the new version.</returns>
    public async Task<(string Name, string? Version)> WriteAsync(string accountId, string key, CancellationToken cancellationToken)
    {
        var name = KeyVaultApiKeyStore.SecretName(accountId);
        var response = await client.SetSecretAsync(name, key, cancellationToken).ConfigureAwait(false);
        return (name, response?.Value?.Properties.Version);
    }
}
