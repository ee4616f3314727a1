namespace ContextAdmin.UnitTests;

public class ApiKeyGeneratorTests
{
    [Fact]
    public void AKeyIs43CharactersOfBase64UrlWithoutPadding()
    {
        var key = ApiKeyGenerator.NewKey();

        Assert.Equal(43, key.Length);
        Assert.All(key, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(key).Length);
    }

    [Fact]
    public void EveryKeyIsDifferent()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyGenerator.NewKey()).ToHashSet();
        Assert.Equal(1000, keys.Count);
    }
}
