using System.Net;
using System.Text;
using ContextStore.Cosmos;
using ContextStore.Namespaces;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ContextStore.UnitTests.Namespaces;

/// <summary>The cache in front of namespace documents (TTL and generation), on a mocked container: no Cosmos DB server needed.</summary>
public sealed class NamespaceStateCacheTests
{
    private const string Account = "le111";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<Container> _container = new();
    private int? _registeredTtl = 100;
    private int _generation;
    private int _reads;

    public NamespaceStateCacheTests() =>
        _container.Setup(c => c.ReadItemStreamAsync(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() => Task.FromResult(Registration()));

    [Fact]
    public async Task ANamespaceTtlIsReadOnceWithinTheCacheDuration()
    {
        using var cache = Cache();
        Assert.Equal(100, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        _registeredTtl = 200;
        _clock.Advance(TimeSpan.FromSeconds(1.9));

        Assert.Equal(100, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        VerifyReads(Times.Once());
    }

    [Fact]
    public async Task AChangedNamespaceTtlIsSeenWhenTheCacheDurationHasPassed()
    {
        using var cache = Cache();
        Assert.Equal(100, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        _registeredTtl = 200;
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(200, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        VerifyReads(Times.Exactly(2));
    }

    [Fact]
    public async Task AnUnregisteredNamespaceIsRememberedAsHavingNoTtl()
    {
        _registeredTtl = null;
        using var cache = Cache();
        Assert.Null((await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        Assert.Null((await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        VerifyReads(Times.Once());
    }

    [Fact]
    public async Task AForgottenNamespaceIsReadAgainAtOnce()
    {
        using var cache = Cache();
        Assert.Equal(100, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
        _registeredTtl = 200;
        cache.Forget(Account, "ns");

        Assert.Equal(200, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
    }

    [Fact]
    public async Task AReadUnderWayWhenTheNamespaceChangesDoesNotPutTheOldTtlBack()
    {
        using var cache = Cache();
        var readMayAnswer = new TaskCompletionSource();
        var readStarted = new TaskCompletionSource();
        _container.Setup(c => c.ReadItemStreamAsync(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                // The registration as it was when the read reached Cosmos DB, answered only after N1 changed it.
                var before = Registration();
                readStarted.TrySetResult();
                await readMayAnswer.Task;
                return before;
            });
        var writeBeforeTheChange = cache.GetAsync(Account, "ns", CancellationToken.None).AsTask();
        await readStarted.Task;

        _registeredTtl = 1;
        cache.Forget(Account, "ns");
        readMayAnswer.SetResult();
        Assert.Equal(100, (await writeBeforeTheChange).TtlSecond);

        _container.Setup(c => c.ReadItemStreamAsync(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() => Task.FromResult(Registration()));
        Assert.Equal(1, (await cache.GetAsync(Account, "ns", CancellationToken.None)).TtlSecond);
    }

    [Fact]
    public async Task TheGenerationIsReadWithTheTtlAndCachedAlike()
    {
        _generation = 3;
        using var cache = Cache();
        Assert.Equal(new NamespaceState(100, 3), await cache.GetAsync(Account, "ns", CancellationToken.None));
        _generation = 4;

        Assert.Equal(3, (await cache.GetAsync(Account, "ns", CancellationToken.None)).Generation);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(4, (await cache.GetAsync(Account, "ns", CancellationToken.None)).Generation);
    }

    [Fact]
    public async Task ANeverDeletedNamespaceIsOfGenerationZero()
    {
        _registeredTtl = null;
        using var cache = Cache();
        Assert.Equal(new NamespaceState(null, 0), await cache.GetAsync(Account, "ns", CancellationToken.None));
    }

    [Fact]
    public async Task AnEntryAgesFromWhenItsReadWasSentNotFromItsAnswer()
    {
        using var cache = Cache();
        _container.Setup(c => c.ReadItemStreamAsync(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                // A slow answer: it reflects the namespace as it was when the read was sent.
                var answer = Registration();
                _clock.Advance(TimeSpan.FromSeconds(1.5));
                return Task.FromResult(answer);
            });
        await cache.GetAsync(Account, "ns", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(0.5));
        await cache.GetAsync(Account, "ns", CancellationToken.None);

        VerifyReads(Times.Exactly(2));
    }

    [Fact]
    public void ADeletionWaitsOutTheCacheDurationAndNothingWithoutCache()
    {
        using var cached = Cache(durationSeconds: 2);
        using var uncached = Cache(durationSeconds: 0);

        Assert.InRange(cached.VisibilityDelay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, uncached.VisibilityDelay);
    }

    [Fact]
    public async Task NamespacesOfOneNameInTwoAccountsAreCachedApart()
    {
        using var cache = Cache();
        Assert.Equal(100, (await cache.GetAsync("le111", "ns", CancellationToken.None)).TtlSecond);
        _registeredTtl = 200;
        Assert.Equal(200, (await cache.GetAsync("le222", "ns", CancellationToken.None)).TtlSecond);
    }

    [Fact]
    public async Task WritesToEverNewNamespacesKeepTheCacheWithinItsSize()
    {
        using var cache = Cache(size: 100);
        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal(100, (await cache.GetAsync(Account, $"ns-{i}", CancellationToken.None)).TtlSecond);
            Assert.InRange(cache.Count, 0, 100);
        }

        VerifyReads(Times.Exactly(5_000));
    }

    [Fact]
    public async Task ExpiredNamespacesMakeRoomForNewOnes()
    {
        using var cache = Cache(size: 100);
        for (var i = 0; i < 100; i++)
        {
            await cache.GetAsync(Account, $"old-{i}", CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromSeconds(3));

        // The full cache removes its expired entries in the background, started by the next use.
        await cache.GetAsync(Account, "new", CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cache.Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await cache.GetAsync(Account, "new", CancellationToken.None);
        var reads = _reads;
        Assert.Equal(100, (await cache.GetAsync(Account, "new", CancellationToken.None)).TtlSecond);
        Assert.Equal(reads, _reads);
        Assert.Equal(1, cache.Count);
    }

    private NamespaceStateCache Cache(int size = 1_000, double durationSeconds = 2)
    {
        var repository = new CosmosContextRepository(
            new ContextContainer(_container.Object), new CosmosJson(), Options.Create(new CosmosOptions()));
        return new NamespaceStateCache(repository, _clock, Options.Create(new StoreOptions
        {
            NamespaceCacheSize = size,
            NamespaceCacheDuration = TimeSpan.FromSeconds(durationSeconds),
        }));
    }

    private void VerifyReads(Times times) =>
        _container.Verify(c => c.ReadItemStreamAsync(
            It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()), times);

    private ResponseMessage Registration()
    {
        Interlocked.Increment(ref _reads);
        if (_registeredTtl is not { } ttl)
        {
            return new ResponseMessage(HttpStatusCode.NotFound);
        }

        var json = $$"""{"id":"namespace","kind":"namespace","accountId":"{{Account}}","namespace":"namespace","sessionId":"ns","createdAt":0,"ttlSecond":{{ttl}},"generation":{{_generation}}}""";
        return new ResponseMessage(HttpStatusCode.OK) { Content = new MemoryStream(Encoding.UTF8.GetBytes(json)) };
    }
}
