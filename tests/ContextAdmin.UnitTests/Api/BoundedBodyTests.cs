using System.Net;
using System.Text;
using ContextAdmin.Api;

namespace ContextAdmin.UnitTests.Api;

public class BoundedBodyTests
{
    [Fact]
    public async Task ABodyThatClaimsMoreThanTheLimitIsRefusedBeforeAnyOfItIsRead()
    {
        var body = new CountingStream(new MemoryStream(new byte[10]));
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
        response.Content.Headers.ContentLength = 2_000_000_000;

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => BoundedBody.ReadAsync(response, body, 1000, "GET /x", CancellationToken.None));

        Assert.Contains("it says it is 2000000000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task ABodyLongerThanTheLimitIsRefusedOnceItPassesIt()
    {
        var body = new CountingStream(new MemoryStream(new byte[10_000_000]));
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
        response.Content.Headers.ContentLength = null;

        await Assert.ThrowsAsync<InvalidDataException>(() => BoundedBody.ReadAsync(response, body, 100_000, "GET /x", CancellationToken.None));

        Assert.InRange(body.BytesRead, 100_001, 200_000);
    }

    [Fact]
    public async Task AnErrorBodyIsReadOnlyAsFarAsItsBoundAndItsMessageShown()
    {
        var body = new CountingStream(new MemoryStream(Encoding.UTF8.GetBytes("""{"message":"document too large"}""" + new string(' ', 1_000_000))));

        var message = await BoundedBody.MessageAsync(body, 4096, CancellationToken.None);

        Assert.Equal("document too large", message);
        Assert.Equal(4096, body.BytesRead);
    }

    [Fact]
    public async Task AnErrorBodyThatIsNotTheContractsShowsTheStartOfItsText()
    {
        var body = new MemoryStream(Encoding.UTF8.GetBytes("<html>" + new string('x', 10_000)));

        var message = await BoundedBody.MessageAsync(body, 4096, CancellationToken.None);

        Assert.StartsWith("<html>xxx", message, StringComparison.Ordinal);
        Assert.Equal(301, message.Length);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
