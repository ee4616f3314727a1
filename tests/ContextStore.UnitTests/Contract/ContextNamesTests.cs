using ContextStore.Contract;

namespace ContextStore.UnitTests.Contract;

public class ContextNamesTests
{
    [Theory]
    [InlineData("le12345678")]
    [InlineData("36209512")]
    [InlineData("a-b-9")]
    public void AccountIdsOfLettersDigitsAndDashesAreAccepted(string accountId) =>
        Assert.Equal(accountId, ContextNames.ValidateAccountId(accountId));

    [Theory]
    [InlineData("LE12345678")]
    [InlineData("Le12345678")]
    [InlineData("le12345678")]
    public void EverySpellingOfAnAccountIdNamesTheSameLowerCaseAccount(string accountId) =>
        Assert.Equal("le12345678", ContextNames.ValidateAccountId(accountId));

    [Fact]
    public void AnAccountIdOf64CharactersIsAcceptedAnd65AreNot()
    {
        ContextNames.ValidateAccountId(new string('a', 64));
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateAccountId(new string('a', 65)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("le_123")]
    [InlineData("le 123")]
    [InlineData("le.123")]
    [InlineData("lé123")]
    public void OtherAccountIdsAreRefused(string? accountId) =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateAccountId(accountId));

    [Theory]
    [InlineData("myNamespace")]
    [InlineData("bot_context-2")]
    [InlineData("_")]
    public void NamespacesOfLettersDigitsUnderscoresAndDashesAreAccepted(string name) =>
        Assert.Equal(name, ContextNames.ValidateNamespace(name));

    [Fact]
    public void ANamespaceOf128CharactersIsAcceptedAnd129AreNot()
    {
        ContextNames.ValidateNamespace(new string('n', 128));
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateNamespace(new string('n', 129)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("my.namespace")]
    [InlineData("my namespace")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    public void NamespacesWithOtherCharactersAreRefused(string name) =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateNamespace(name));

    [Theory]
    [InlineData("consumer")]
    [InlineData("operational")]
    [InlineData("conversation")]
    [InlineData("custom")]
    [InlineData("sde")]
    [InlineData("faas")]
    [InlineData("namespace")]
    [InlineData("CONSUMER")]
    [InlineData("Faas")]
    [InlineData("NameSpace")]
    public void ReservedNamespacesAreRefusedInAnyCase(string name)
    {
        var error = Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateNamespace(name));
        Assert.Contains("reserved", error.Message);
    }

    [Theory]
    [InlineData("s1")]
    [InlineData("conversation 42: äöü")]
    [InlineData("__default__")]
    [InlineData("a.b;c=d")]
    public void SessionIdsWithoutControlCharactersOrSeparatorsAreAccepted(string sessionId) =>
        Assert.Equal(sessionId, ContextNames.ValidateSessionId(sessionId));

    [Fact]
    public void ASessionIdOf256CharactersIsAcceptedAnd257AreNot()
    {
        ContextNames.ValidateSessionId(new string('s', 256));
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateSessionId(new string('s', 257)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a\nb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007fb")]
    public void SessionIdsWithControlCharactersOrSeparatorsAreRefused(string sessionId) =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateSessionId(sessionId));

    [Theory]
    [InlineData("properties")]
    [InlineData("session-ids")]
    [InlineData("session-properties")]
    public void SessionIdsThatAreRouteSegmentsAreRefused(string sessionId) =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateSessionId(sessionId));

    [Theory]
    [InlineData("myKey")]
    [InlineData("properties")]
    [InlineData("$weird.name with spaces")]
    public void PropertyNamesWithoutControlCharactersOrSeparatorsAreAccepted(string name) =>
        Assert.Equal(name, ContextNames.ValidatePropertyName(name));

    [Fact]
    public void APropertyNameOf256CharactersIsAcceptedAnd257AreNot()
    {
        ContextNames.ValidatePropertyName(new string('p', 256));
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidatePropertyName(new string('p', 257)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a\tb")]
    public void PropertyNamesWithControlCharactersOrSeparatorsAreRefused(string name) =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidatePropertyName(name));

    [Fact]
    public void NamespacesAndSessionIdsKeepTheirCase()
    {
        Assert.Equal("MySession", ContextNames.ValidateSessionId("MySession"));
        Assert.Equal("MyNs", ContextNames.ValidateNamespace("MyNs"));
    }

    [Theory]
    [InlineData("properties")]
    [InlineData("Properties")]
    [InlineData("PROPERTIES")]
    [InlineData("Session-Ids")]
    [InlineData("SESSION-PROPERTIES")]
    [InlineData(".")]
    [InlineData("..")]
    public void RouteLiteralsInAnyCaseAndDotSegmentsAreNoSessionIds(string sessionId) =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateSessionId(sessionId));

    [Fact]
    public void ARefusalNamesTheValueWithoutItsControlCharacters()
    {
        var error = Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateSessionId("bad\u0001id"));
        Assert.Contains("bad?id", error.Message);
        Assert.DoesNotContain("\u0001", error.Message);
    }
}
