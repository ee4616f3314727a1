using ContextStore.ApiKeys;
using Microsoft.Extensions.Configuration;

namespace ContextStore.UnitTests.ApiKeys;

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

    [Theory]
    [InlineData("accta", "ACCTA")]
    [InlineData("accta", "AccTa")]
    [InlineData("ACCTA", "accta")]
    [InlineData("AccTa", "aCCtA")]
    public async Task AKeyOfAnotherSpellingOfTheAccountIsAccepted(string configuredAs, string presentedAs)
    {
        using var store = StoreWith(new Dictionary<string, string?> { [$"ApiKeys:{configuredAs}"] = "key-of-accta" });

        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(presentedAs, "key-of-accta", CancellationToken.None));
    }

    [Fact]
    public async Task AnotherAccountsKeyIsRejectedUnderEverySpelling()
    {
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("LE111", "key-of-222", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("Le222", "key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task TwoSpellingsOfOneAccountInTwoConfigurationSourcesHoldOneKey()
    {
        // As appsettings.json and the environment would: configuration keys ignore case, so the later source's key
        // replaces the earlier one's for every spelling of the account.
        using var store = new ConfigurationApiKeyStore(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ApiKeys:ACCTA"] = "first-key" })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ApiKeys:accta"] = "second-key" })
            .Build());

        foreach (var spelling in new[] { "ACCTA", "accta", "AccTa" })
        {
            Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(spelling, "second-key", CancellationToken.None));
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(spelling, "first-key", CancellationToken.None));
        }
    }

    [Fact]
    public async Task AMissingKeyIsRejected() =>
        Assert.Equal(ApiKeyCheck.Rejected, await _store.CheckAsync("le111", null, CancellationToken.None));

    [Fact]
    public async Task AKeyAddedToReloadedConfigurationIsAcceptedAndARemovedOneIsNot()
    {
        var source = new ReloadableSource();
        using var store = new ConfigurationApiKeyStore(new ConfigurationBuilder().Add(source).Build());
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le444", "key-of-444", CancellationToken.None));

        source.Replace(new Dictionary<string, string?> { ["ApiKeys:le444"] = "key-of-444" });
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("le444", "key-of-444", CancellationToken.None));

        source.Replace(new Dictionary<string, string?>());
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le444", "key-of-444", CancellationToken.None));
    }

    private static ConfigurationApiKeyStore StoreWith(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    /// <summary>A configuration source whose values can be replaced, raising the reload token as a changed file does.</summary>
    private sealed class ReloadableSource : IConfigurationSource
    {
        private readonly ReloadableProvider _provider = new();

        public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

        public void Replace(Dictionary<string, string?> values) => _provider.Replace(values);

        private sealed class ReloadableProvider : ConfigurationProvider
        {
            public void Replace(Dictionary<string, string?> values)
            {
                Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
                OnReload();
            }
        }
    }
}
