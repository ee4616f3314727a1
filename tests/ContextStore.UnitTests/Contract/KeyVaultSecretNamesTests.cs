using ContextStore.Contract;

namespace ContextStore.UnitTests.Contract;

public class KeyVaultSecretNamesTests
{
    [Fact]
    public void EverySpellingOfAnAccountNamesOneLowerCaseSecret()
    {
        Assert.Equal("context-api-key-le12ab", KeyVaultSecretNames.ForAccount("LE12ab"));
        Assert.Equal(KeyVaultSecretNames.ForAccount("le12ab"), KeyVaultSecretNames.ForAccount("Le12AB"));
    }

    [Theory]
    [InlineData("le1")]
    [InlineData("a-b-c")]
    public void AccountIdsOfLettersDigitsAndDashesMakeSecretNames(string accountId) =>
        Assert.True(KeyVaultSecretNames.CanName(accountId));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("le_1")]
    [InlineData("lé1")]
    public void OtherAccountIdsMakeNoSecretName(string? accountId) =>
        Assert.False(KeyVaultSecretNames.CanName(accountId));

    [Fact]
    public void ASecretNameIsAtMost127Characters()
    {
        var longest = new string('a', 127 - KeyVaultSecretNames.Prefix.Length);

        Assert.True(KeyVaultSecretNames.CanName(longest));
        Assert.False(KeyVaultSecretNames.CanName(longest + "a"));
    }
}
