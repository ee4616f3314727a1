using System.Text;
using ContextAdmin.Verification;

namespace ContextAdmin.UnitTests.Verification;

public class CanonicalJsonHashTests
{
    [Theory]
    [InlineData("""{"a":1,"b":{"c":[1,2],"d":"é"}}""", """ { "b" : { "d" : "\u00e9", "c" : [ 1 , 2 ] } , "a" : 1 } """)]
    [InlineData("""{"s":"a\/b"}""", """{"s":"a/b"}""")]
    public void EqualValuesHashAlikeWhateverTheirMemberOrderWhitespaceAndEscaping(string one, string other) =>
        Assert.Equal(Hash(one), Hash(other));

    [Theory]
    [InlineData("""{"n":1.50}""", """{"n":1.5}""")]
    [InlineData("""{"n":12345678901234567890}""", """{"n":12345678901234567891}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":"1"}""", """{"a":1}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"ab":"c"}""", """{"a":"bc"}""")]
    public void DifferentValuesHashDifferently(string one, string other) =>
        Assert.NotEqual(Hash(one), Hash(other));

    private static string Hash(string json) => CanonicalJsonHash.Of(Encoding.UTF8.GetBytes(json));
}
