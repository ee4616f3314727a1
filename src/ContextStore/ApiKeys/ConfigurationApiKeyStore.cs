using Microsoft.Extensions.Configuration;

namespace ContextStore.ApiKeys;

/// <summary>Local runs: the key of account A is the setting <c>ApiKeys:A</c> (environment <c>ApiKeys__A</c>).</summary>
public sealed class ConfigurationApiKeyStore(IConfiguration configuration) : IApiKeyStore
{
    public const string Section = "ApiKeys";

    public ValueTask<ApiKeyCheck> CheckAsync(string accountId, string? presentedKey, CancellationToken cancellationToken)
    {
        var expected = configuration[$"{Section}:{accountId}"];
        return ValueTask.FromResult(ApiKeyComparison.AreEqual(presentedKey, expected) ? ApiKeyCheck.Accepted : ApiKeyCheck.Rejected);
    }
}
