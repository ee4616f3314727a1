using System.Text;
using System.Text.Json;
using ContextStore.Json;

namespace ContextStore.UnitTests.Json;

public class CompactJsonTests
{
    private static string Compact(string json) => CompactJson.Write(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void WhitespaceBetweenTokensIsDropped() =>
        Assert.Equal("""{"a":1,"b":[true,null],"c":{"d":"x"}}""", Compact("""{ "a" : 1, "b" : [ true, null ], "c" : { "d" : "x" } }"""));

    [Theory]
    [InlineData("12345678901234567890")]
    [InlineData("9007199254740993")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    [InlineData("-1E+2")]
    [InlineData("1.50")]
    [InlineData("-0")]
    [InlineData("0.1000000000000000055511151231257827")]
    public void NumbersKeepTheDigitsTheyWereSentWith(string number) => Assert.Equal(number, Compact(number));

    [Fact]
    public void TextIsWrittenAsItselfAsJavaScriptWritesIt() =>
        Assert.Equal("\"é 中 😀 \u2028 <&'>\"", Compact("\"\\u00e9 \\u4e2d \\ud83d\\ude00 \\u2028 \\u003c&'>\""));

    [Fact]
    public void OnlyQuotesBackslashesAndControlCharactersAreEscaped() =>
        Assert.Equal("\"q\\\" b\\\\ n\\n t\\t c\\u0001 d\\u001f\"", Compact("\"q\\\" b\\\\ n\\n t\\t c\\u0001 d\\u001F\""));

    [Fact]
    public void PropertyNamesAreEscapedLikeStrings() =>
        Assert.Equal("{\"a\\\"b\":\"ü\"}", Compact("{\"a\\\"b\":\"\\u00fc\"}"));

    [Theory]
    [InlineData("plain text with nothing to escape", "\"plain text with nothing to escape\"")]
    [InlineData("a long plain prefix, then a quote \" and a tab \t", "\"a long plain prefix, then a quote \\\" and a tab \\t\"")]
    public void StringsAreEscapedWhereverTheFirstCharacterToEscapeStands(string value, string expected) =>
        Assert.Equal(expected, CompactString(value));

    // Not as InlineData: attribute strings are stored as UTF-8, which has no lone surrogates.
    [Fact]
    public void LoneSurrogatesAfterPlainTextAreEscapedAndPairsAreNot() =>
        Assert.Equal("\"prefix \ud83d\ude00 pair, then a lone \\ud800 and \\udfff\"",
            CompactString("prefix \ud83d\ude00 pair, then a lone \ud800 and \udfff"));

    private static string CompactString(string value)
    {
        var text = new StringBuilder();
        CompactJson.AppendString(text, value);
        return text.ToString();
    }
}
