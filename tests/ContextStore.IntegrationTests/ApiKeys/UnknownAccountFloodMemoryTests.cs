using Azure;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Xunit.Abstractions;

namespace ContextStore.IntegrationTests.ApiKeys;

/// <summary>
/// What a flood of made-up account ids leaves in the key store's memory once its budget of vault reads is spent:
/// nothing per id, neither a cache entry nor a lock, so 100,000 ids cost what ten do.
/// </summary>
[Collection(nameof(HeapMeasurement))]
public sealed class UnknownAccountFloodMemoryTests(ITestOutputHelper output)
{
    private const int Budget = 10;
    private const int MadeUpAccounts = 100_000;

    [Fact]
    public async Task AHundredThousandMadeUpAccountIdsLeaveNothingBehindOnceTheBudgetIsSpent()
    {
        var vault = new Mock<SecretClient>();
        vault.Setup(v => v.GetSecretAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(404, "Secret not found"));
        using var store = new KeyVaultApiKeyStore(
            vault.Object, TimeProvider.System, Options.Create(new KeyVaultOptions { UnknownAccountReadsPerMinute = Budget }),
            NullLogger<KeyVaultApiKeyStore>.Instance);
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync($"read-{i}", "guess", CancellationToken.None));
        }

        var ids = Enumerable.Range(0, MadeUpAccounts).Select(i => $"made-up-{i}").ToList();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
            Assert.Equal(ApiKeyCheck.ReadBudgetSpent, await store.CheckAsync(id, "guess", token)));
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        output.WriteLine($"{MadeUpAccounts} made-up ids refused for the budget left {retained / 1024.0:0} KB on the heap");
        Assert.Equal(Budget, store.RememberedAccountCount);
        Assert.True(retained < 1024 * 1024, $"{MadeUpAccounts} made-up ids left {retained} bytes behind");
        GC.KeepAlive(ids);
    }
}
