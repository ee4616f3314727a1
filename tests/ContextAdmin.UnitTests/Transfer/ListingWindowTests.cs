using ContextAdmin.Transfer;

namespace ContextAdmin.UnitTests.Transfer;

public class ListingWindowTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(99, 100)]
    [InlineData(100, 100)]
    [InlineData(517, 100)]
    [InlineData(9_999, 100)]
    [InlineData(123_456, 1000)]
    [InlineData(1, 2)]
    [InlineData(2519, 10)]
    public void TheWindowHoldsThePositionAndReachesPastIt(long position, int maxPerPage)
    {
        var window = ListingWindow.Holding(position, maxPerPage);

        Assert.InRange(window.PerPage, 1, Math.Max(maxPerPage, ListingWindow.MinimumMaxPerPage));
        Assert.InRange(position, window.Start, window.Start + window.PerPage - 2);
    }

    [Fact]
    public void EveryPositionOfAHugeNamespaceHasAWindowThatReachesPastIt()
    {
        for (long position = 0; position < 200_000; position++)
        {
            var window = ListingWindow.Holding(position, 1);
            Assert.True(window.Start <= position && position + 1 < window.Start + window.PerPage, $"no window reaches past {position}");
        }
    }

    [Fact]
    public void AWindowAtTheEndOfAFullPageStartsAtThatPosition()
    {
        var window = ListingWindow.Holding(99, 100);

        Assert.Equal(new ListingWindow(1, 99), window);
    }

    [Fact]
    public void OnAverageAWindowReachesMostOfAPageBeyondThePosition()
    {
        var reach = Enumerable.Range(1000, 1000).Select(p => ListingWindow.Holding(p, 100)).Select((w, i) => w.Start + w.PerPage - (1000 + i)).Average();

        Assert.True(reach > 80, $"windows reach {reach} past the position on average");
    }
}
