using System.Diagnostics.Metrics;
using Azure;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using ContextStore.Telemetry;
using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ContextStore.UnitTests.ApiKeys;

/// <summary>The Key Vault store counts its reads, their failures and the keys it accepts from memory in an outage.</summary>
public sealed class KeyVaultSignalsTests : IDisposable
{
    private const string Account = "le111";
    private const string Key = "key-of-111";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<SecretClient> _vault = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordedSignals _signals;
    private readonly KeyVaultApiKeyStore _store;
    private Exception? _outage;

    public KeyVaultSignalsTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _signals = new RecordedSignals(meters, []);
        _vault.Setup(v => v.GetSecretAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((string name, string? _, CancellationToken _) => _outage is { } outage
                ? Task.FromException<Response<KeyVaultSecret>>(outage)
                : name == KeyVaultSecretNames.ForAccount(Account)
                    ? Task.FromResult(Response.FromValue(new KeyVaultSecret(name, Key), Mock.Of<Response>()))
                    : Task.FromException<Response<KeyVaultSecret>>(new RequestFailedException(404, "Secret not found")));
        _store = new KeyVaultApiKeyStore(
            _vault.Object, _clock, Options.Create(new KeyVaultOptions()), NullLogger<KeyVaultApiKeyStore>.Instance, new ContextMetrics(meters));
    }

    [Fact]
    public async Task EveryReadOfTheVaultIsCountedAndAnAnswerFromMemoryIsNot()
    {
        await CheckAsync(Account, Key);
        await CheckAsync(Account, Key);
        await CheckAsync("le999", "any");

        Assert.Equal(2, _signals.Of("contextstore.keyvault.reads").Sum(m => m.Value));
        Assert.Empty(_signals.Of("contextstore.keyvault.read_failures"));
    }

    [Theory]
    [InlineData(503, "503")]
    [InlineData(429, "429")]
    [InlineData(403, "403")]
    public async Task AFailedReadIsCountedWithItsStatusAsErrorType(int status, string errorType)
    {
        _outage = new RequestFailedException(status, "failed");

        await CheckAsync(Account, Key);

        Assert.Equal(errorType, Assert.Single(_signals.Of("contextstore.keyvault.read_failures")).Tag("error.type"));
        Assert.Single(_signals.Of("contextstore.keyvault.reads"));
    }

    [Fact]
    public async Task AnUnreachableVaultIsCountedWithTheExceptionsTypeAsErrorType()
    {
        _outage = new HttpRequestException("No such host is known.");

        await CheckAsync(Account, Key);

        Assert.Equal(typeof(HttpRequestException).FullName, Assert.Single(_signals.Of("contextstore.keyvault.read_failures")).Tag("error.type"));
    }

    [Fact]
    public async Task AKeyAcceptedFromMemoryDuringAnOutageIsCountedAsAGraceAnswer()
    {
        Assert.Equal(ApiKeyCheck.Accepted, await CheckAsync(Account, Key));
        _clock.Advance(TimeSpan.FromMinutes(5));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.Accepted, await CheckAsync(Account, Key));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await CheckAsync(Account, "another-key"));

        Assert.Single(_signals.Of("contextstore.keyvault.grace_answers"));
    }

    [Fact]
    public async Task NoSignalOfTheVaultCarriesAKeyOrAnAccount()
    {
        await CheckAsync(Account, Key);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _outage = new RequestFailedException(503, "Service Unavailable");
        await CheckAsync(Account, Key);

        Assert.NotEmpty(_signals.Measurements);
        Assert.All(_signals.Measurements, m => Assert.DoesNotContain(m.Tags.Values, v => v is string s && (s.Contains(Key, StringComparison.Ordinal) || s.Contains(Account, StringComparison.Ordinal))));
    }

    public void Dispose()
    {
        _store.Dispose();
        _signals.Dispose();
        _services.Dispose();
    }

    private async Task<ApiKeyCheck> CheckAsync(string account, string key) => await _store.CheckAsync(account, key, CancellationToken.None);
}
