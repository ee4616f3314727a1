using ContextStore.Contract;
using ContextStore.Http.Pipeline;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ContextServer.EndToEndTests.Pipeline;

/// <summary>
/// If-Match as the HTTP layer reads it (ASP.NET Core's EntityTagHeaderValue, checked against RFC 9110) into the
/// store's precondition: no server, no Cosmos DB.
/// </summary>
public sealed class IfMatchHeaderTests
{
    [Fact]
    public void ARequestWithoutIfMatchHasNoCondition() => Assert.Null(IfMatchHeader.ConditionOf(Request()));

    [Theory]
    [InlineData("*")]
    [InlineData(" * ")]
    [InlineData("\t*")]
    [InlineData("* ,")] // empty list elements are ignored (RFC 9110 §5.6.1)
    public void AStarAloneIsAnyLiveVersion(string ifMatch) =>
        Assert.Same(WritePrecondition.AnyLiveVersion, IfMatchHeader.ConditionOf(Request(ifMatch)));

    [Theory]
    [InlineData("\"abc\"", new[] { "\"abc\"" })]
    [InlineData("\"x\", \"abc\"", new[] { "\"x\"", "\"abc\"" })]
    [InlineData("\"x\",\"y\",\"abc\"", new[] { "\"x\"", "\"y\"", "\"abc\"" })]
    [InlineData("\"x\" ,\t\"abc\"", new[] { "\"x\"", "\"abc\"" })]
    [InlineData(", ,\"x\", , \"abc\",", new[] { "\"x\"", "\"abc\"" })]
    [InlineData("W/\"x\", \"abc\"", new[] { "\"abc\"" })]
    [InlineData("W/\"a\", \"b,c\" ,\"\"", new[] { "\"b,c\"", "\"\"" })] // a comma inside quotes is part of the tag
    [InlineData("\"é\"", new[] { "\"é\"" })] // obs-text is allowed in a tag
    public void AListIsTheSetOfItsStrongTags(string ifMatch, string[] versions) =>
        Assert.Equal(versions.Order(StringComparer.Ordinal), Versions(IfMatchHeader.ConditionOf(Request(ifMatch))));

    [Fact]
    public void SeveralIfMatchLinesAreOneList() =>
        Assert.Equal(["\"abc\"", "\"x\""], Versions(IfMatchHeader.ConditionOf(Request("\"x\"", "\"abc\""))));

    [Fact]
    public void AnEmptyLineBesideATagIsAnEmptyListElement() =>
        Assert.Equal(["\"x\""], Versions(IfMatchHeader.ConditionOf(Request("", "\"x\""))));

    [Theory]
    [InlineData("W/\"abc\"")]
    [InlineData("W/\"x\", W/\"abc\"")]
    [InlineData("w/\"abc\"")] // ASP.NET Core reads the prefix case-insensitively: a weak tag, never a match (412)
    [InlineData("W/ \"abc\"")] // … and allows a space after it
    public void OnlyWeakTagsAreAConditionNothingMeets(string ifMatch)
    {
        var condition = IfMatchHeader.ConditionOf(Request(ifMatch))!;

        Assert.Empty(condition.Versions);
        Assert.False(condition.IsMetBy("\"abc\""));
        Assert.False(condition.IsMetBy(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AnEmptyIfMatchIsRefused(string ifMatch) =>
        Assert.Contains("If-Match is empty", Assert.Throws<InvalidRequestException>(() => IfMatchHeader.ConditionOf(Request(ifMatch))).Message);

    [Theory]
    [InlineData("abc")]
    [InlineData("\"abc")] // unterminated
    [InlineData("\"abc\" \"x\"")] // no comma between tags
    [InlineData("\"x\", abc")] // one bad element spoils the list
    [InlineData("\"a\"bc\"")]
    [InlineData(",")]
    [InlineData("*, \"abc\"")] // * is only valid alone
    [InlineData("\"x\", *")]
    [InlineData("*, *")]
    [InlineData("\"a b\"")] // the library reads a quoted-string; an entity-tag has no space …
    [InlineData("\"a\\\"b\"")] // … and no escaped quote
    public void AnUnparsableIfMatchIsRefused(string ifMatch) =>
        Assert.Contains("If-Match cannot be parsed", Assert.Throws<InvalidRequestException>(() => IfMatchHeader.ConditionOf(Request(ifMatch))).Message);

    private static HttpRequest Request(params string[] ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch.Length > 0)
        {
            context.Request.Headers.IfMatch = new StringValues(ifMatch);
        }

        return context.Request;
    }

    private static IEnumerable<string> Versions(WritePrecondition? condition) =>
        (condition ?? throw new InvalidOperationException("no condition")).Versions.Order(StringComparer.Ordinal);
}
