using System.Text;
using ContextAdmin.Api;

namespace ContextAdmin.UnitTests.Api;

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

    [Fact]
    public async Task AnEndlessElementStopsAtTheElementLimitWithoutGrowingFurther()
    {
        using var reader = new JsonArrayElementReader(new EndlessStream("[{\"sessionId\":\"s\",\"properties\":{\"t\":\""u8.ToArray(), (byte)'x'), maxElementBytes: 1_000_000);

        var e = await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadNextAsync(CancellationToken.None));

        Assert.Contains("larger than 1000000 bytes", e.Message, StringComparison.Ordinal);
        Assert.InRange(reader.PeakBufferBytes, 1_000_000, 2 * 1_048_576);
    }

    [Fact]
    public async Task EndlessWhitespaceBetweenElementsStopsAtTheElementLimit()
    {
        using var reader = new JsonArrayElementReader(new EndlessStream("[1,"u8.ToArray(), (byte)' '), maxElementBytes: 100_000);

        Assert.Equal("1", System.Text.Encoding.UTF8.GetString((await reader.ReadNextAsync(CancellationToken.None))!.Value.Span));
        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnArrayLongerThanItsLimitStopsThere()
    {
        using var reader = new JsonArrayElementReader(new EndlessStream("["u8.ToArray(), "\"x\","u8.ToArray()), maxElements: 1000);

        var read = 0;
        var e = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (await reader.ReadNextAsync(CancellationToken.None) is not null)
            {
                read++;
            }
        });

        Assert.Equal(1000, read);
        Assert.Contains("more than 1000 elements", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A start, then the same bytes again and again, for ever.</summary>
    private sealed class EndlessStream(byte[] start, params byte[] repeated) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, _position++)
            {
                buffer[offset + i] = _position < start.Length ? start[_position] : repeated[(_position - start.Length) % repeated.Length];
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class OneByteAtATimeStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
