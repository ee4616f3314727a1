using System.Diagnostics;
using ContextServer.EndToEndTests.Reliability;
using ContextStore.Http.Pipeline;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ContextServer.EndToEndTests.Pipeline;

/// <summary>
/// The per-account rate limit on its own, on a clock the test moves: no server, no Cosmos DB, no socket, no sleeping.
/// Alone, as one test measures the heap.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class AccountRateLimiterTests(ITestOutputHelper output)
{
    private const string A = "le11111111";
    private const string B = "le22222222";

    /// <summary>How long the partitioned limiter's own timer (every 100 ms, real time) may take to drop idle buckets.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    private AccountRateLimiter Limiter(int burst, int perPeriod, TimeSpan period, bool enabled = true) =>
        new(Options.Create(new AccountRateLimitOptions
        {
            Enabled = enabled,
            TokenLimit = burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
        }), _clock);

    [Fact]
    public void AnAccountGetsItsBurstThenIsRefusedWithTheTimeUntilItsNextRequest()
    {
        using var limiter = Limiter(burst: 3, perPeriod: 1, period: TimeSpan.FromSeconds(10));

        Assert.Equal([true, true, true], Enumerable.Range(0, 3).Select(attempt => limiter.TryAcquire(A, out _)));
        Assert.False(limiter.TryAcquire(A, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(limiter.TryAcquire(A, out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(6), retryAfter);

        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(limiter.TryAcquire(A, out _));
        Assert.False(limiter.TryAcquire(A, out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
    }

    [Fact]
    public void TheBudgetRefillsContinuouslyAndNeverBeyondTheBurst()
    {
        using var limiter = Limiter(burst: 5, perPeriod: 2, period: TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire(A, out _));
        }

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(limiter.TryAcquire(A, out _));
        Assert.False(limiter.TryAcquire(A, out _));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, Enumerable.Range(0, 10).Count(attempt => limiter.TryAcquire(A, out _)));
        var statistics = limiter.GetStatistics(A)!;
        Assert.Equal((0, 11, 6), (statistics.CurrentAvailablePermits, statistics.TotalSuccessfulLeases, statistics.TotalFailedLeases));
    }

    [Fact]
    public void EverySpellingOfAnAccountSpendsOneBudget()
    {
        using var limiter = Limiter(burst: 3, perPeriod: 1, period: TimeSpan.FromMinutes(1));

        Assert.True(limiter.TryAcquire("le11111111", out _));
        Assert.True(limiter.TryAcquire("LE11111111", out _));
        Assert.True(limiter.TryAcquire("Le11111111", out _));
        Assert.False(limiter.TryAcquire("lE11111111", out _));
        Assert.Equal(1, limiter.BucketCount);
    }

    [Fact]
    public void ANoisyAccountDoesNotSpendAnotherAccountsBudget()
    {
        using var limiter = Limiter(burst: 10, perPeriod: 1, period: TimeSpan.FromMinutes(1));
        var noisy = Enumerable.Range(0, 1_000).Count(attempt => limiter.TryAcquire(A, out _));

        var quiet = Enumerable.Range(0, 10).Count(attempt => limiter.TryAcquire(B, out _));

        Assert.Equal((10, 10), (noisy, quiet));
        Assert.False(limiter.TryAcquire(B, out _));
    }

    [Fact]
    public async Task ConcurrentRequestsOfOneAccountGetExactlyItsBurst()
    {
        using var limiter = Limiter(burst: 100, perPeriod: 1, period: TimeSpan.FromHours(1));

        var acquired = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => Task.Run(() => limiter.TryAcquire(i % 2 == 0 ? A : A.ToUpperInvariant(), out _))));

        Assert.Equal(100, acquired.Count(a => a));
    }

    [Fact]
    public void OffMeansEveryRequestIsServed()
    {
        using var limiter = Limiter(burst: 1, perPeriod: 1, period: TimeSpan.FromHours(1), enabled: false);

        Assert.All(Enumerable.Range(0, 1_000), attempt => Assert.True(limiter.TryAcquire(A, out _)));
        Assert.Null(limiter.GetStatistics(A));
        Assert.Equal(0, limiter.BucketCount);
    }

    [Fact]
    public async Task AHundredThousandAccountsLeaveNoBucketBehindOnceTheyAreFullAndIdle()
    {
        const int Accounts = 100_000;
        using var limiter = Limiter(burst: 20, perPeriod: 10, period: TimeSpan.FromSeconds(1));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Accounts; i++)
        {
            Assert.True(limiter.TryAcquire($"acct-{i}", out _));
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.Equal(Accounts, limiter.BucketCount);

        // Full again after 0.1 s of the clock, idle for ten seconds more: the limiter's next round drops them all.
        _clock.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilAsync(() => limiter.BucketCount == 0);
        // The limiter's list of buckets is rebuilt at its round after the one that dropped them.
        await WaitUntilAsync(() => GC.GetTotalMemory(forceFullCollection: true) - before < held / 2);
        var afterwards = GC.GetTotalMemory(forceFullCollection: true) - before;

        output.WriteLine($"{Accounts} buckets held {held / 1024.0 / 1024.0:0.0} MB ({held / Accounts} bytes each); after they were dropped {afterwards / 1024.0 / 1024.0:0.0} MB");
    }

    [Fact]
    public async Task ABucketThatIsNotFullAgainIsKeptWithItsDebt()
    {
        using var limiter = Limiter(burst: 2, perPeriod: 1, period: TimeSpan.FromHours(1));
        Assert.True(limiter.TryAcquire(A, out _));
        Assert.True(limiter.TryAcquire(A, out _));
        Assert.True(limiter.TryAcquire(B, out _));
        _clock.Advance(TimeSpan.FromMinutes(75));

        // B is full again since 15 minutes and idles; A has 1.25 of its 2. Once B is dropped, A's bucket was looked at too.
        await WaitUntilAsync(() => limiter.BucketCount == 1);

        Assert.True(limiter.TryAcquire(A, out _));
        Assert.False(limiter.TryAcquire(A, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(45), retryAfter);
    }

    [Theory]
    [InlineData(0, 1, 1000, "AccountRateLimit:TokenLimit must be a whole number from 1 to 10000000.")]
    [InlineData(1, 0, 1000, "AccountRateLimit:TokensPerPeriod must be a whole number from 1 to 10000000.")]
    [InlineData(1, 1, 0, "AccountRateLimit:ReplenishmentPeriod must be a time span from 00:00:00.001 to 1.00:00:00 (one day).")]
    public void SettingsOutOfRangeAreNamed(int burst, int perPeriod, int periodMilliseconds, string message)
    {
        var options = new AccountRateLimitOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(periodMilliseconds),
        };

        var result = new DataAnnotationValidateOptions<AccountRateLimitOptions>(null).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, "The limiter did not drop its idle buckets in time.");
            await Task.Delay(20);
        }
    }
}
