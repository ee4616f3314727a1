using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// <see cref="KeyVaultApiKeyStore"/> on the real <see cref="SecretClient"/> (its retry pipeline, timeouts and challenge
/// authentication), built by <see cref="KeyVaultSecretClientFactory"/>, against <see cref="LoopbackKeyVault"/> over HTTPS.
/// </summary>
public sealed class KeyVaultOverTheWireTests : IAsyncLifetime
{
    private const string Token = "fixed-test-token";
    private const string Account = "le111";
    private const string OtherAccount = "le222";
    private static readonly string SecretOfAccount = KeyVaultSecretNames.ForAccount(Account);

    private readonly CountingTokenCredential _credential = new(Token);
    private readonly ShiftableClock _clock = new();
    private readonly List<IDisposable> _transports = [];
    private LoopbackKeyVault? _vault;

    private LoopbackKeyVault Vault => _vault ?? throw new InvalidOperationException("The vault is not started.");

    public async Task InitializeAsync()
    {
        _vault = await LoopbackKeyVault.StartAsync(Token);
        Vault.SetSecret(SecretOfAccount, "key-of-111");
        Vault.SetSecret(KeyVaultSecretNames.ForAccount(OtherAccount), "key-of-222");
    }

    public async Task DisposeAsync()
    {
        _transports.ForEach(transport => transport.Dispose());
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheNewestVersionOfTheAccountsSecretIsReadByNameAfterTheVaultsChallenge()
    {
        Assert.Equal(ApiKeyCheck.Accepted, await Store().CheckAsync(Account, "key-of-111", CancellationToken.None));

        var requests = Vault.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("GET", $"/secrets/{SecretOfAccount}"), (r.Method, r.Path)));
        Assert.All(requests, r => Assert.Contains("api-version=", r.Query, StringComparison.Ordinal));
        Assert.Equal((false, 401), (requests[0].Authorized, requests[0].Status));
        Assert.Equal((true, 200), (requests[1].Authorized, requests[1].Status));
        Assert.Equal(1, _credential.Calls);
        Assert.Equal([$"{LoopbackKeyVault.Resource}/.default"], _credential.LastScopes);
    }

    [Fact]
    public async Task TheTokenIsAskedForOnceAndSentWithEveryLaterRead()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(OtherAccount, "key-of-222", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le333", "guess", CancellationToken.None));

        Assert.Equal(1, _credential.Calls);
        Assert.Single(Vault.Requests, r => !r.Authorized);
        Assert.Equal(3, Vault.Requests.Count(r => r.Authorized));
    }

    [Fact]
    public async Task AnOlderVersionIsReadByItsVersionAndEveryVersionIsListed()
    {
        var name = "context-api-key-le444";
        var first = Vault.SetSecret(name, "first-key");
        var second = Vault.SetSecret(name, "second-key");
        var client = Vault.Client(Options(), _credential);

        var older = (await client.GetSecretAsync(name, first)).Value;
        var newest = (await client.GetSecretAsync(name)).Value;
        var versions = new List<string>();
        await foreach (var properties in client.GetPropertiesOfSecretVersionsAsync(name))
        {
            versions.Add(properties.Version);
        }

        Assert.Equal(("first-key", first, name), (older.Value, older.Properties.Version, older.Name));
        Assert.Equal(("second-key", second), (newest.Value, newest.Properties.Version));
        Assert.Equal(new[] { first, second }.Order(), versions.Order());
        Assert.Contains(Vault.Requests, r => r.Path == $"/secrets/{name}/{first}" && r.Status == 200);
        Assert.Contains(Vault.Requests, r => r.Path == $"/secrets/{name}/versions" && r.Status == 200);
    }

    [Fact]
    public async Task AKeyOfAnAccountWithoutASecretIsRejectedOnTheVaults404()
    {
        Assert.Equal(ApiKeyCheck.Rejected, await Store().CheckAsync("le333", "guess", CancellationToken.None));
        Assert.Contains(Vault.Requests, r => r.Path == "/secrets/context-api-key-le333" && r.Status == 404);
    }

    [Fact]
    public async Task AKeyOfAnotherSpellingOfTheAccountIsAcceptedFromOneSecretRead()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("LE111", "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("Le111", "key-of-111", CancellationToken.None));

        Assert.Single(Vault.Requests, r => r.Authorized);
        Assert.All(Vault.Requests, r => Assert.Equal($"/secrets/{SecretOfAccount}", r.Path));
    }

    [Fact]
    public async Task ANewKeyTakesOverWithinSixtySeconds()
    {
        var options = Options();
        options.SecretCacheDuration = KeyVaultOptions.MaxSecretCacheDuration;
        var store = Store(options);
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        Vault.SetSecret(SecretOfAccount, "new-key-of-111");
        _clock.Shift(TimeSpan.FromSeconds(60));

        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "new-key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task ADisabledNewestVersionRejectsTheOldKeyAndItsOwn()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        Vault.SetSecret(SecretOfAccount, "new-key-of-111", enabled: false);
        _clock.Shift(TimeSpan.FromSeconds(60));

        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "new-key-of-111", CancellationToken.None));
        Assert.Contains(Vault.Requests, r => r.Status == 403);
    }

    [Fact]
    public async Task AThrottledReadIsRetriedAfterTheRetryAfterTheVaultAsksFor()
    {
        Vault.RetryAfterSeconds = 1;
        Vault.FailNext(VaultFault.Throttle);

        var options = Options();
        options.ReadTimeout = TimeSpan.FromSeconds(10);
        Assert.Equal(ApiKeyCheck.Accepted, await Store(options).CheckAsync(Account, "key-of-111", CancellationToken.None));

        var authorized = Vault.Requests.Where(r => r.Authorized).ToList();
        Assert.Equal([429, 200], authorized.Select(r => r.Status));
        Assert.True(authorized[1].ReceivedAt - authorized[0].ReceivedAt >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After");
    }

    [Fact]
    public async Task AServerErrorIsRetriedByTheClient()
    {
        Vault.FailNext(VaultFault.ServerError);

        Assert.Equal(ApiKeyCheck.Accepted, await Store().CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal([500, 200], Vault.Requests.Where(r => r.Authorized).Select(r => r.Status));
    }

    [Theory]
    [InlineData(VaultFault.ServerError)]
    [InlineData(VaultFault.Throttle)]
    public async Task AVaultThatKeepsFailingMakesUnverifiedKeysUnavailableNeverRejected(VaultFault fault)
    {
        Vault.RetryAfterSeconds = 0;
        Vault.Outage = fault;
        var store = Store();

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(OtherAccount, "guess", CancellationToken.None));

        // Each read went through the client's retries: the first attempt and MaxRetries more.
        Assert.Equal(2 * (1 + Options().MaxRetries), Vault.Requests.Count);
    }

    [Theory]
    [InlineData(VaultFault.ServerError)]
    [InlineData(VaultFault.Throttle)]
    [InlineData(VaultFault.Hang)]
    public async Task DuringAnOutageAKeyVerifiedFourteenMinutesAgoKeepsWorkingAndOthersAreUnavailable(VaultFault fault)
    {
        var options = Options();
        options.ReadTimeout = TimeSpan.FromSeconds(1);
        var store = Store(options);
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Shift(TimeSpan.FromMinutes(14));
        Vault.RetryAfterSeconds = 0;
        Vault.Outage = fault;

        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "guess", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(OtherAccount, "key-of-222", CancellationToken.None));
    }

    [Fact]
    public async Task DuringAnOutageAKeyVerifiedSixteenMinutesAgoIsUnavailableNotRejected()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Shift(TimeSpan.FromMinutes(16));
        Vault.Outage = VaultFault.ServerError;

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task AHangingVaultHoldsARequestAtMostTheReadTimeout()
    {
        var options = Options();
        options.ReadTimeout = TimeSpan.FromSeconds(1);
        options.NetworkTimeout = TimeSpan.FromSeconds(60);
        var store = Store(options);
        Vault.Outage = VaultFault.Hang;

        var elapsed = Stopwatch.StartNew();
        var check = await store.CheckAsync(Account, "key-of-111", CancellationToken.None);
        elapsed.Stop();

        Assert.Equal(ApiKeyCheck.StoreUnavailable, check);
        Assert.True(Vault.HangingRequests >= 1, "the vault received the read and never answered it");
        Assert.True(elapsed.Elapsed < options.ReadTimeout + TimeSpan.FromSeconds(15), $"the check took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task DuringAHangAVerifiedKeyIsAcceptedWithinTheReadTimeout()
    {
        var options = Options();
        options.ReadTimeout = TimeSpan.FromSeconds(1);
        options.NetworkTimeout = TimeSpan.FromSeconds(60);
        var store = Store(options);
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Shift(TimeSpan.FromMinutes(5));
        Vault.Outage = VaultFault.Hang;
        var elapsed = Stopwatch.StartNew();
        var check = await store.CheckAsync(Account, "key-of-111", CancellationToken.None);
        elapsed.Stop();

        Assert.Equal(ApiKeyCheck.Accepted, check);
        Assert.True(elapsed.Elapsed < options.ReadTimeout + TimeSpan.FromSeconds(15), $"the check took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task AVaultWithAnotherCertificateThanTheTrustedOneIsUnavailableNeverRejected()
    {
        using var stranger = LoopbackCertificate.Create();
        var options = Options();
        options.Uri = Vault.Uri.ToString();
        var transport = new HttpClientTransport(LoopbackCertificate.HandlerTrustingOnly(stranger));
        _transports.Add(transport);
        var client = KeyVaultSecretClientFactory.Create(options, _credential, new SecretClientOptions
        {
            Transport = transport,
            DisableChallengeResourceVerification = true,
        });
        var store = new KeyVaultApiKeyStore(client, _clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<KeyVaultApiKeyStore>.Instance);

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Empty(Vault.Requests);
    }

    private static KeyVaultOptions Options() => LoopbackKeyVault.QuickOptions();

    private KeyVaultApiKeyStore Store(KeyVaultOptions? options = null) => Vault.Store(options ?? Options(), _credential, _clock);
}
