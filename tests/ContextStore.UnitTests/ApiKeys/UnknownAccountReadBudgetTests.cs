using ContextStore.ApiKeys;
using Microsoft.Extensions.Time.Testing;

namespace ContextStore.UnitTests.ApiKeys;

public class UnknownAccountReadBudgetTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AllReadsOfAMinuteCanBeTakenAtOnceAndNoneMore()
    {
        var budget = new UnknownAccountReadBudget(3, _clock);

        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => budget.TryTake()));
    }

    [Fact]
    public void AReadComesBackExactlyAMinuteAfterItWasTaken()
    {
        var budget = new UnknownAccountReadBudget(3, _clock);
        Assert.True(budget.TryTake());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(budget.TryTake());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(budget.TryTake());

        _clock.Advance(TimeSpan.FromSeconds(39.999));
        Assert.False(budget.TryTake());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(budget.TryTake());
        Assert.False(budget.TryTake());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(budget.TryTake());
    }

    [Fact]
    public void NoMinuteEverHasMoreReadsThanTheBudget()
    {
        var budget = new UnknownAccountReadBudget(5, _clock);
        var taken = new List<DateTimeOffset>();
        for (var i = 0; i < 2_000; i++)
        {
            if (budget.TryTake())
            {
                taken.Add(_clock.GetUtcNow());
            }

            _clock.Advance(TimeSpan.FromMilliseconds(97 + i % 13 * 50));
        }

        Assert.All(taken, start => Assert.InRange(taken.Count(t => t >= start && t - start < TimeSpan.FromMinutes(1)), 1, 5));
        Assert.True(taken.Count > 5 * 10, $"only {taken.Count} reads were taken in {_clock.GetUtcNow() - taken[0]}");
    }

    [Fact]
    public void ASystemClockSetBackDoesNotHoldTheBudgetBack()
    {
        var clock = new WallClockOf(_clock);
        var budget = new UnknownAccountReadBudget(1, clock);
        Assert.True(budget.TryTake());

        _clock.Advance(TimeSpan.FromMinutes(1));
        clock.WallOffset = TimeSpan.FromHours(-1);

        Assert.True(budget.HasReadLeft());
        Assert.True(budget.TryTake());
    }

    [Fact]
    public void LookingForAReadLeftTakesNone()
    {
        var budget = new UnknownAccountReadBudget(1, _clock);

        Assert.True(budget.HasReadLeft());
        Assert.True(budget.HasReadLeft());
        Assert.True(budget.TryTake());
        Assert.False(budget.HasReadLeft());
    }

    [Fact]
    public async Task ConcurrentTakersGetExactlyTheBudget()
    {
        var budget = new UnknownAccountReadBudget(100, _clock);

        var taken = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => Task.Run(budget.TryTake)));

        Assert.Equal(100, taken.Count(t => t));
    }

    /// <summary>A wall clock that can be set back while the steady clock's timestamps keep going, as NTP or an operator can.</summary>
    private sealed class WallClockOf(FakeTimeProvider steady) : TimeProvider
    {
        public TimeSpan WallOffset { get; set; }

        public override long TimestampFrequency => steady.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => steady.GetUtcNow() + WallOffset;

        public override long GetTimestamp() => steady.GetTimestamp();
    }
}
