using ContextStore.ApiKeys;
using Microsoft.Extensions.Configuration;

namespace ContextStore.Tests.ApiKeys;

public class ConfigurationApiKeyStoreTests
{
    private readonly ConfigurationApiKeyStore _store = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKeys:le111"] = "key-of-111",
            ["ApiKeys:le222"] = "key-of-222",
        })
        .Build());

    [Fact]
    public async Task TheAccountsOwnKeyIsAccepted() =>
        Assert.Equal(ApiKeyCheck.Accepted, await _store.CheckAsync("le111", "key-of-111", CancellationToken.None));

    [Fact]
    public async Task AnotherAccountsKeyIsRejected() =>
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("le111", "key-of-222", CancellationToken.None));

    [Fact]
    public async Task AnAccountWithoutConfiguredKeyRejectsEveryKey()
    {
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("le333", "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("le333", "", CancellationToken.None));
    }

    [Fact]
    public async Task AMissingKeyIsRejected() =>
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("le111", null, CancellationToken.None));
}
