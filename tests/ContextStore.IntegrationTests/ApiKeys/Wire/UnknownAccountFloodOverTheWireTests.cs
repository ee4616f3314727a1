using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// A flood of made-up account ids against <see cref="KeyVaultApiKeyStore"/> on the real <see cref="SecretClient"/> and
/// <see cref="LoopbackKeyVault"/>: the vault sees at most <see cref="KeyVaultOptions.UnknownAccountReadsPerMinute"/>
/// reads for them, and an account whose key is known is served throughout, also while the vault fails or hangs.
/// </summary>
[Collection(nameof(FloodLoad))]
public sealed class UnknownAccountFloodOverTheWireTests : IAsyncLifetime
{
    private const string Token = "fixed-test-token";
    private const string Account = "le111";
    private const string Key = "key-of-111";
    private const int Budget = 50;
    private const int MadeUpAccounts = 10_000;
    private const int KnownAccountChecks = 2_000;
    private const int Parallelism = 32;
    private static readonly string SecretOfAccount = KeyVaultSecretNames.ForAccount(Account);

    private readonly CountingTokenCredential _credential = new(Token);
    private readonly ShiftableClock _clock = new();
    private LoopbackKeyVault? _vault;

    private LoopbackKeyVault Vault => _vault ?? throw new InvalidOperationException("The vault is not started.");

    public async Task InitializeAsync()
    {
        _vault = await LoopbackKeyVault.StartAsync(Token);
        Vault.SetSecret(SecretOfAccount, Key);
    }

    public async Task DisposeAsync()
    {
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    [Fact]
    public async Task TenThousandMadeUpAccountIdsReadTheVaultOnlyWithinTheBudgetWhileAKnownAccountIsServed()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, Key, CancellationToken.None));
        // Its key is due for a read again: the flood must neither block nor starve that read.
        _clock.Shift(TimeSpan.FromSeconds(31));

        var (flood, known) = await FloodAsync(store);

        // The known account's first read took one of the minute's reads; the flood got the rest, and no more.
        Assert.Equal(Budget - 1, MadeUpReads().Count);
        Assert.Equal(Budget - 1, flood[ApiKeyCheck.Rejected]);
        Assert.Equal(MadeUpAccounts - (Budget - 1), flood[ApiKeyCheck.ReadBudgetSpent]);
        Assert.Equal(KnownAccountChecks, known[ApiKeyCheck.Accepted]);
        Assert.Equal(2, Vault.Requests.Count(r => r.Authorized && IsKnownAccountsSecret(r.Path)));
        // What the flood left in memory: the 49 accounts read, the known account's read and its verified key.
        Assert.Equal(Budget + 1, store.RememberedAccountCount);
    }

    [Fact]
    public async Task WhileTheVaultFailsTheFloodTriesNoMoreReadsThanTheBudgetAndTheKnownKeyIsAcceptedFromMemory()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, Key, CancellationToken.None));
        _clock.Shift(TimeSpan.FromSeconds(31));
        Vault.RetryAfterSeconds = 0;
        Vault.Outage = VaultFault.ServerError;

        var (flood, known) = await FloodAsync(store);

        // Each read is the client's first attempt and its MaxRetries retries.
        var attempts = 1 + Options().MaxRetries;
        Assert.Equal((Budget - 1) * attempts, MadeUpReads().Count);
        Assert.Equal(Budget - 1, flood[ApiKeyCheck.StoreUnavailable]);
        Assert.Equal(MadeUpAccounts - (Budget - 1), flood[ApiKeyCheck.ReadBudgetSpent]);
        Assert.Equal(KnownAccountChecks, known[ApiKeyCheck.Accepted]);
    }

    [Fact]
    public async Task WhileTheVaultHangsTheFloodHoldsNoMoreReadsThanTheBudgetAndTheKnownKeyIsAcceptedFromMemory()
    {
        var options = Options();
        options.ReadTimeout = TimeSpan.FromSeconds(1);
        options.NetworkTimeout = TimeSpan.FromSeconds(60);
        var store = Store(options);
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, Key, CancellationToken.None));
        _clock.Shift(TimeSpan.FromSeconds(31));
        Vault.Outage = VaultFault.Hang;

        var (flood, known) = await FloodAsync(store);

        Assert.Equal(Budget - 1, MadeUpReads().Count);
        Assert.Equal(Budget - 1, flood[ApiKeyCheck.StoreUnavailable]);
        Assert.Equal(MadeUpAccounts - (Budget - 1), flood[ApiKeyCheck.ReadBudgetSpent]);
        Assert.Equal(KnownAccountChecks, known[ApiKeyCheck.Accepted]);
    }

    /// <summary>
    /// <see cref="MadeUpAccounts"/> distinct made-up ids (odd casing included), <see cref="Parallelism"/> at a time, while
    /// the known account's key is checked <see cref="KnownAccountChecks"/> times alongside; the outcomes of each.
    /// </summary>
    private async Task<(Outcomes Flood, Outcomes Known)> FloodAsync(KeyVaultApiKeyStore store)
    {
        var random = new Random(23);
        var ids = Enumerable.Range(0, MadeUpAccounts).Select(i => MadeUpId(random, i)).ToList();
        var flood = new Outcomes();
        var known = new Outcomes();

        var flooding = Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (id, token) =>
            flood.Add(await store.CheckAsync(id, "guess", token)));
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < KnownAccountChecks; i++)
            {
                known.Add(await store.CheckAsync(i % 3 == 0 ? Account.ToUpperInvariant() : Account, Key, CancellationToken.None));
            }
        });
        await Task.WhenAll(flooding, serving).WaitAsync(TimeSpan.FromMinutes(2));
        return (flood, known);
    }

    /// <summary>Unique, valid, 12 to 64 characters, in random case.</summary>
    private static string MadeUpId(Random random, int i)
    {
        var bytes = new byte[random.Next(3, 30)];
        random.NextBytes(bytes);
        var id = $"{i:x5}-{Convert.ToHexString(bytes)}";
        return string.Concat(id.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
    }

    private static bool IsKnownAccountsSecret(string path) => path.Equals($"/secrets/{SecretOfAccount}", StringComparison.OrdinalIgnoreCase);

    private List<VaultRequest> MadeUpReads() =>
        Vault.Requests.Where(r => r.Authorized && r.Path.StartsWith("/secrets/", StringComparison.Ordinal) && !IsKnownAccountsSecret(r.Path)).ToList();

    /// <summary>Short timeouts and retries, so that failures cost the suite little time, and the bound under test.</summary>
    private static KeyVaultOptions Options()
    {
        var options = LoopbackKeyVault.QuickOptions();
        options.UnknownAccountReadsPerMinute = Budget;
        return options;
    }

    private KeyVaultApiKeyStore Store(KeyVaultOptions? options = null) => Vault.Store(options ?? Options(), _credential, _clock);

    /// <summary>How many checks answered what, counted from concurrent checks.</summary>
    private sealed class Outcomes
    {
        private readonly ConcurrentDictionary<ApiKeyCheck, int> _counts = new();

        public int this[ApiKeyCheck check] => _counts.GetValueOrDefault(check);

        public void Add(ApiKeyCheck check) => _counts.AddOrUpdate(check, 1, (_, count) => count + 1);

        public override string ToString() => string.Join(", ", _counts.Select(c => $"{c.Key}: {c.Value}"));
    }
}
