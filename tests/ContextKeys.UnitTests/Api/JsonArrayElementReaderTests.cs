using System.Text;
using ContextKeys.Api;

namespace ContextKeys.UnitTests.Api;

public class JsonArrayElementReaderTests
{
    [Fact]
    public async Task ElementsArriveWholeAndExactWhenTheStreamDeliversOneByteAtATime()
    {
        const string json = """ [ {"sessionId":"a","properties":{"n":12345678901234567890,"s":"[\"]}"}} , {"sessionId":"b","properties":{}},"x",1e400 ] """;
        using var reader = new JsonArrayElementReader(new OneByteAtATimeStream(Encoding.UTF8.GetBytes(json)));

        var elements = new List<string>();
        while (await reader.ReadNextAsync(CancellationToken.None) is { } element)
        {
            elements.Add(Encoding.UTF8.GetString(element.Span));
        }

        Assert.Equal(
            ["""{"sessionId":"a","properties":{"n":12345678901234567890,"s":"[\"]}"}}""", """{"sessionId":"b","properties":{}}""", "\"x\"", "1e400"],
            elements);
    }

    [Fact]
    public async Task TheBufferGrowsToTheLargestElementNotToTheWholeArray()
    {
        var element = $$$"""{"sessionId":"s","properties":{"t":"{{{new string('x', 500_000)}}}"}}""";
        var json = "[" + string.Join(",", Enumerable.Repeat(element, 40)) + "]";
        using var reader = new JsonArrayElementReader(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        var count = 0;
        while (await reader.ReadNextAsync(CancellationToken.None) is { } read)
        {
            Assert.Equal(element.Length, read.Length);
            count++;
        }

        Assert.Equal(40, count);
        Assert.InRange(reader.PeakBufferBytes, element.Length, 4 * element.Length);
    }

    [Fact]
    public async Task ATruncatedArrayIsAnError()
    {
        using var reader = new JsonArrayElementReader(new MemoryStream("""[{"sessionId":"a","properties":{"""u8.ToArray()));

        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadNextAsync(CancellationToken.None));
    }

    private sealed class OneByteAtATimeStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
