using System.Diagnostics.Metrics;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using ContextStore.Telemetry;
using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// The Key Vault store's counters on the real <see cref="SecretClient"/> against <see cref="LoopbackKeyVault"/>: one read
/// is one check's read, the client's own retries included; a throttled vault is a failure with its status.
/// </summary>
public sealed class KeyVaultSignalsOverTheWireTests : IAsyncLifetime
{
    private const string Token = "fixed-test-token";
    private const string Account = "le111";

    private readonly CountingTokenCredential _credential = new(Token);
    private readonly ShiftableClock _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private LoopbackKeyVault? _vault;
    private RecordedSignals? _signals;

    private LoopbackKeyVault Vault => _vault!;

    private RecordedSignals Signals => _signals!;

    public async Task InitializeAsync()
    {
        _vault = await LoopbackKeyVault.StartAsync(Token);
        Vault.SetSecret(KeyVaultSecretNames.ForAccount(Account), "key-of-111");
        _signals = new RecordedSignals(_services.GetRequiredService<IMeterFactory>(), []);
    }

    public async Task DisposeAsync()
    {
        _signals?.Dispose();
        await _services.DisposeAsync();
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    [Fact]
    public async Task AReadThatTheClientRetriedIsOneReadAndAThrottledVaultIsAFailureWithItsStatus()
    {
        using var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Single(Signals.Of("contextstore.keyvault.reads"));

        _clock.Shift(TimeSpan.FromMinutes(2));
        // Retried at once, so that the client gives up on the 429s well within the read timeout.
        Vault.RetryAfterSeconds = 0;
        Vault.Outage = VaultFault.Throttle;
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        Assert.True(Vault.Requests.Count(r => r.Status == 429) > 1, "the client retried the throttled read");
        Assert.Equal(2, Signals.Of("contextstore.keyvault.reads").Count);
        Assert.Equal("429", Assert.Single(Signals.Of("contextstore.keyvault.read_failures")).Tag("error.type"));
        Assert.Single(Signals.Of("contextstore.keyvault.grace_answers"));
    }

    private KeyVaultApiKeyStore Store()
    {
        var options = LoopbackKeyVault.QuickOptions();
        options.ReadTimeout = TimeSpan.FromSeconds(20);
        return Vault.Store(options, _credential, _clock, new ContextMetrics(_services.GetRequiredService<IMeterFactory>()));
    }
}
