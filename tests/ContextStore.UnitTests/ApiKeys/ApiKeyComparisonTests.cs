using ContextStore.ApiKeys;

namespace ContextStore.UnitTests.ApiKeys;

public class ApiKeyComparisonTests
{
    [Fact]
    public void TheSameKeyIsEqual() => Assert.True(ApiKeyComparison.AreEqual("k3y-ABC", "k3y-ABC"));

    [Theory]
    [InlineData("k3y-ABc", "k3y-ABC")]
    [InlineData("k3y-AB", "k3y-ABC")]
    [InlineData("k3y-ABCD", "k3y-ABC")]
    [InlineData("", "k3y-ABC")]
    [InlineData(null, "k3y-ABC")]
    [InlineData("k3y-ABC", null)]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void AnyOtherKeyOrAMissingOneIsNotEqual(string? presented, string? expected) =>
        Assert.False(ApiKeyComparison.AreEqual(presented, expected));
}
