using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace ContextStore.ApiKeys;

/// <summary>
/// Local runs: the key of account A is the setting <c>ApiKeys:A</c> (environment <c>ApiKeys__A</c>).
/// The keys are read once and again whenever configuration reloads: looking a setting up takes a lock that
/// every request would contend for. What is kept is each key's hash, so a request hashes only the key it presents.
/// </summary>
public sealed class ConfigurationApiKeyStore : IApiKeyStore, IDisposable
{
    public const string Section = "ApiKeys";

    private readonly IDisposable _reloadRegistration;
    private volatile FrozenDictionary<string, byte[]> _keyHashes;

    public ConfigurationApiKeyStore(IConfiguration configuration)
    {
        _keyHashes = ReadKeyHashes(configuration);
        _reloadRegistration = ChangeToken.OnChange(configuration.GetReloadToken, () => _keyHashes = ReadKeyHashes(configuration));
    }

    public ValueTask<ApiKeyCheck> CheckAsync(string accountId, string? presentedKey, CancellationToken cancellationToken)
    {
        var accepted = _keyHashes.TryGetValue(accountId, out var expectedHash) && ApiKeyComparison.Matches(presentedKey, expectedHash);
        return ValueTask.FromResult(accepted ? ApiKeyCheck.Accepted : ApiKeyCheck.Rejected);
    }

    public void Dispose() => _reloadRegistration.Dispose();

    // Configuration keys ignore case, and so does Key Vault's secret name; an account's key works the same in both.
    private static FrozenDictionary<string, byte[]> ReadKeyHashes(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren()
            .Where(setting => !string.IsNullOrEmpty(setting.Value))
            .ToFrozenDictionary(setting => setting.Key, setting => ApiKeyComparison.HashOf(setting.Value!), StringComparer.OrdinalIgnoreCase);
}
