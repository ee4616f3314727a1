using System.Buffers;
using System.Text;
using ContextAdmin.JsonLines;

namespace ContextAdmin.UnitTests.JsonLines;

public class JsonLinesFormatTests
{
    [Fact]
    public void ASessionLineKeepsItsPropertiesTextOnOneLineAndReadsBackExactly()
    {
        var properties = Encoding.UTF8.GetBytes("{\n  \"total\": 12345678901234567890,\r\n  \"text\": \"a\\nb 東京\"\n}");
        var output = new ArrayBufferWriter<byte>();

        JsonLinesFormat.Write(output, new SessionLine("orders", "conv-1", properties, 600));

        var line = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var read = Assert.IsType<SessionLine>(JsonLinesFormat.Read(output.WrittenMemory[..^1]));
        Assert.Equal(("orders", "conv-1", (long?)600), (read.Namespace, read.SessionId, read.TtlSecond));
        Assert.Equal("{   \"total\": 12345678901234567890,    \"text\": \"a\\nb 東京\" }", Encoding.UTF8.GetString(read.Properties.Span));
    }

    [Fact]
    public void ANamespaceLineWithoutATtlReadsBackUnregisteredWhenItWasNot()
    {
        var output = new ArrayBufferWriter<byte>();

        JsonLinesFormat.Write(output, new NamespaceLine("named-only", Registered: false, TtlSecond: null, "{}"u8.ToArray()));

        Assert.Equal("""{"type":"namespace","name":"named-only","registered":false,"ttlSecond":null,"properties":{}}""" + "\n", Encoding.UTF8.GetString(output.WrittenSpan));
        var read = Assert.IsType<NamespaceLine>(JsonLinesFormat.Read(output.WrittenMemory[..^1]));
        Assert.False(read.Registered);
        Assert.Null(read.TtlSecond);
    }

    [Fact]
    public void TheHeaderAndTheTrailerReadBackAsWritten()
    {
        var output = new ArrayBufferWriter<byte>();
        var header = new HeaderLine(2, "https://z1.context.liveperson.net", "le1", new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        var trailer = new TrailerLine(2, 230, 33, 265, new string('a', 64));

        JsonLinesFormat.Write(output, header);
        var headerLength = output.WrittenCount;
        JsonLinesFormat.Write(output, trailer);

        Assert.Equal(header, JsonLinesFormat.Read(output.WrittenMemory[..(headerLength - 1)]));
        Assert.Equal(trailer, JsonLinesFormat.Read(output.WrittenMemory[headerLength..^1]));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{"type":"session","sessionId":"s"}""")]
    [InlineData("""{"type":"other"}""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":[1]}""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":{}}{"type":"session","namespace":"n","sessionId":"t","properties":{}}""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":{}} trailing""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":{}},""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","sessionId":"t","properties":{}}""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":{},"extra":1}""")]
    [InlineData("""{"type":"sessionTtl","namespace":"n","sessionId":"s","ttlSecond":1.5}""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":{"a":1}""")]
    public void ALineThatIsNotExactlyOneRecordIsAnError(string line) =>
        Assert.Throws<InvalidDataException>(() => JsonLinesFormat.Read(Encoding.UTF8.GetBytes(line)));
}
