using System.Threading.RateLimiting;
using ContextStore.Http.Pipeline;
using Microsoft.Extensions.Options;

namespace ContextServer.EndToEndTests.Pipeline;

/// <summary>The per-account limit on its own: no server, no Cosmos DB, no socket.</summary>
public sealed class AccountConcurrencyLimiterTests
{
    private const string A = "le11111111";
    private const string B = "le22222222";

    private static AccountConcurrencyLimiter Limiter(int permits, int queue, bool enabled = true, int retryAfterSeconds = 1) =>
        new(Options.Create(new AccountConcurrencyOptions
        {
            Enabled = enabled,
            PermitLimit = permits,
            QueueLimit = queue,
            RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds),
        }));

    [Fact]
    public async Task AnAccountsExcessWaitsItsTurnOldestFirstAndBeyondTheQueueIsRefused()
    {
        using var limiter = Limiter(permits: 2, queue: 2);
        using var first = await limiter.AcquireAsync(A, CancellationToken.None);
        using var second = await limiter.AcquireAsync(A, CancellationToken.None);
        var third = limiter.AcquireAsync(A, CancellationToken.None).AsTask();
        var fourth = limiter.AcquireAsync(A, CancellationToken.None).AsTask();
        using var fifth = await limiter.AcquireAsync(A, CancellationToken.None);

        Assert.True(first.IsAcquired && second.IsAcquired);
        Assert.False(third.IsCompleted);
        Assert.False(fourth.IsCompleted);
        Assert.False(fifth.IsAcquired);

        first.Dispose();
        using var thirdLease = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(thirdLease.IsAcquired);
        Assert.False(fourth.IsCompleted);

        second.Dispose();
        using var fourthLease = await fourth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(fourthLease.IsAcquired);
    }

    [Fact]
    public async Task AnotherAccountIsServedAtOnceWhileOneAccountsTurnsAndQueueAreFull()
    {
        using var limiter = Limiter(permits: 1, queue: 1);
        using var held = await limiter.AcquireAsync(A, CancellationToken.None);
        var waiting = limiter.AcquireAsync(A, CancellationToken.None).AsTask();
        using var refused = await limiter.AcquireAsync(A, CancellationToken.None);

        var other = limiter.AcquireAsync(B, CancellationToken.None);

        Assert.True(other.IsCompleted);
        using var otherLease = await other;
        Assert.True(otherLease.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.False(waiting.IsCompleted);
        held.Dispose();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task AWaitThatIsCancelledGivesUpItsPlaceInTheQueue()
    {
        using var limiter = Limiter(permits: 1, queue: 1);
        using var held = await limiter.AcquireAsync(A, CancellationToken.None);
        using var clientLeft = new CancellationTokenSource();
        var abandoned = limiter.AcquireAsync(A, clientLeft.Token).AsTask();

        await clientLeft.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var next = limiter.AcquireAsync(A, CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        held.Dispose();
        using var nextLease = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(nextLease.IsAcquired);
    }

    [Fact]
    public async Task ATurnIsGivenBackWhenItsLeaseIsDisposedEvenTwice()
    {
        using var limiter = Limiter(permits: 1, queue: 0);
        var lease = await limiter.AcquireAsync(A, CancellationToken.None);
        lease.Dispose();
        lease.Dispose();

        using var again = await limiter.AcquireAsync(A, CancellationToken.None);
        using var refused = await limiter.AcquireAsync(A, CancellationToken.None);

        Assert.True(again.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics(A)!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task OffMeansEveryRequestGetsATurn()
    {
        using var limiter = Limiter(permits: 1, queue: 0, enabled: false);
        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 100; i++)
        {
            leases.Add(await limiter.AcquireAsync(A, CancellationToken.None));
        }

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        Assert.Null(limiter.GetStatistics(A));
        leases.ForEach(lease => lease.Dispose());
    }

    [Fact]
    public void ARefusedRequestIsToldTheConfiguredRetryAfter()
    {
        using var limiter = Limiter(permits: 1, queue: 0, retryAfterSeconds: 7);

        Assert.Equal(TimeSpan.FromSeconds(7), limiter.RetryAfter);
    }

    [Theory]
    [InlineData(0, 0, 1, "AccountConcurrency:PermitLimit must be a whole number from 1 to 100000.")]
    [InlineData(1, -1, 1, "AccountConcurrency:QueueLimit must be a whole number from 0 to 100000.")]
    [InlineData(1, 0, 0, "AccountConcurrency:RetryAfter must be a time span from 00:00:01 to 00:01:00.")]
    public void SettingsOutOfRangeAreNamed(int permits, int queue, int retryAfterSeconds, string message)
    {
        var options = new AccountConcurrencyOptions
        {
            PermitLimit = permits,
            QueueLimit = queue,
            RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds),
        };

        var result = new DataAnnotationValidateOptions<AccountConcurrencyOptions>(null).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }
}
