using System.Buffers;
using System.Text;
using ContextKeys.JsonLines;

namespace ContextKeys.UnitTests.JsonLines;

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

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"session","sessionId":"s"}""")]
    [InlineData("""{"type":"other"}""")]
    [InlineData("""{"type":"session","namespace":"n","sessionId":"s","properties":[1]}""")]
    public void ALineThatIsNotARecordIsAnError(string line) =>
        Assert.Throws<InvalidDataException>(() => JsonLinesFormat.Read(Encoding.UTF8.GetBytes(line)));
}
