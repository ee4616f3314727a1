using System.Text.Json;
using ContextStore.Names;
using ContextStore.Sessions;

namespace ContextStore.Tests.Sessions;

public class SessionPropertiesSizeTests
{
    private static Dictionary<string, JsonElement> Props(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public void SizeIsTheLengthOfTheCompactJson() =>
        Assert.Equal("""{"a":1,"b":[true,null],"c":{"d":"x"}}""".Length,
            SessionPropertiesSize.CharacterCount(Props("""{ "a" : 1, "b" : [ true, null ], "c" : { "d" : "x" } }""")));

    [Fact]
    public void NonAsciiTextCountsOneCharacterPerCharacter() =>
        Assert.Equal("""{"k":"äöü"}""".Length, SessionPropertiesSize.CharacterCount(Props("""{"k":"äöü"}""")));

    [Fact]
    public void ExactlyTheLimitIsAllowedAndOneMoreIsNot()
    {
        var overhead = """{"k":""}""".Length;
        var atLimit = new Dictionary<string, JsonElement>
        {
            ["k"] = JsonSerializer.SerializeToElement(new string('x', ContextLimits.MaxSessionPropertiesCharacters - overhead)),
        };
        var overLimit = new Dictionary<string, JsonElement>
        {
            ["k"] = JsonSerializer.SerializeToElement(new string('x', ContextLimits.MaxSessionPropertiesCharacters - overhead + 1)),
        };

        Assert.True(SessionPropertiesSize.IsWithinLimit(atLimit));
        Assert.False(SessionPropertiesSize.IsWithinLimit(overLimit));
    }
}
