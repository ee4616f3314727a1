using ContextAdmin.Api;

namespace ContextAdmin.UnitTests.Api;

public class AccountAddressTests
{
    private static readonly AccountAddress Address = new(new Uri("https://context.example/api/"), "le1");

    [Theory]
    [InlineData("a%2Fb", "/api/v1/account/le1/ns/a%252Fb/properties")]
    [InlineData("%2E", "/api/v1/account/le1/ns/%252E/properties")]
    [InlineData("...", "/api/v1/account/le1/ns/.../properties")]
    [InlineData("Zoë 東京", "/api/v1/account/le1/ns/Zo%C3%AB%20%E6%9D%B1%E4%BA%AC/properties")]
    [InlineData("~a-b_c", "/api/v1/account/le1/ns/~a-b_c/properties")]
    public void ASessionIdBecomesOneSegmentThatArrivesAsWrittenWithEveryPercentSignEscaped(string sessionId, string path)
    {
        var uri = Address.For($"/ns/{AccountAddress.Session(sessionId)}/properties");

        Assert.Equal(path, uri.AbsolutePath);
        Assert.Equal("https://context.example" + path, uri.GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("properties")]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("")]
    public void ASessionIdThePathCannotCarryIsRefusedBeforeAnyUrlIsBuilt(string sessionId) =>
        Assert.Throws<UnaddressableNameException>(() => AccountAddress.Session(sessionId));

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a\\b")]
    public void APropertyNameThePathCannotCarryIsRefused(string name) =>
        Assert.Throws<UnaddressableNameException>(() => AccountAddress.Property(name));

    [Theory]
    [InlineData(".")]
    [InlineData("faas")]
    [InlineData("a b")]
    public void ANamespaceTheContractRefusesIsRefused(string ns) =>
        Assert.Throws<UnaddressableNameException>(() => AccountAddress.Namespace(ns));

    [Fact]
    public void AUrlThatUriWouldChangeIsNeverSent()
    {
        var e = Assert.Throws<UnaddressableNameException>(() => Address.For("/ns/./properties"));

        Assert.Contains("would be sent as https://context.example/api/v1/account/le1/ns/properties", e.Message, StringComparison.Ordinal);
    }
}
