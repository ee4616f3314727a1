using ContextAdmin.Azd;

namespace ContextAdmin.UnitTests.Azd;

/// <summary>Reading <c>azd env get-values</c>: quoted, escaped values; nothing evaluated.</summary>
public sealed class AzdValuesTests
{
    [Fact]
    public void QuotedValuesAreUnescapedAndNothingIsEvaluated()
    {
        var values = AzdValues.Parse("A=\"plain\"\nB=\"say \\\"hi\\\" \\\\ $(rm -rf /) `x`\"\r\nC=unquoted\n");

        Assert.Equal("plain", values.Get("A"));
        Assert.Equal("say \"hi\" \\ $(rm -rf /) `x`", values.Get("B"));
        Assert.Equal("unquoted", values.Get("C"));
    }

    [Theory]
    // azd prints its values with godotenv's Marshal: \ " ! $ ` escaped with a backslash, a line break as \n, a carriage
    // return as \r.
    [InlineData("X=\"p\\$w0rd\\!\"", "p$w0rd!")]
    [InlineData("X=\"\\`date\\` \\$(id)\"", "`date` $(id)")]
    [InlineData("X=\"line 1\\nline 2\\r\"", "line 1\nline 2\r")]
    [InlineData("X=\"a\\\\nb\"", "a\\nb")] // an escaped backslash before n is a backslash and an n
    [InlineData("X=\"\\\\\\\"\\\\\"", "\\\"\\")]
    [InlineData("X=\"é ∑ 🙂\"", "é ∑ 🙂")]
    public void EveryEscapeOfAzdIsUndone(string line, string value) => Assert.Equal(value, AzdValues.Parse(line).Get("X"));

    [Fact]
    public void AnEmptyValueCountsAsNotSet()
    {
        var values = AzdValues.Parse("EMPTY=\"\"\n");

        Assert.False(values.IsSet("EMPTY"));
        Assert.Equal("fallback", values.Get("EMPTY", "fallback"));
        Assert.Equal("fallback", values.Get("MISSING", "fallback"));
    }

    [Fact]
    public void TheLastOfTwoLinesWinsAndLinesThatAreNoValueAreSkipped()
    {
        var values = AzdValues.Parse("X=\"1\"\nnot a value\n# X=\"3\"\nX=\"2\"\n");

        Assert.Equal("2", values.Get("X"));
        Assert.False(values.IsSet("not a value"));
    }

    [Fact]
    public void AValueMayHoldAnEqualsSign() =>
        Assert.Equal("AccountEndpoint=https://x/;Key=a==", AzdValues.Parse("CONNECTION=\"AccountEndpoint=https://x/;Key=a==\"").Get("CONNECTION"));
}
