using ContextAdmin.Api;

namespace ContextAdmin.UnitTests.Api;

public class GuardedBodyStreamTests
{
    private static readonly EndpointLimits ShortTimeout = EndpointLimits.Default with
    {
        ReadTimeout = TimeSpan.FromMilliseconds(300),
        MinimumBytesPerReadTimeout = 100,
    };

    [Fact]
    public async Task AnAnswerThatStopsSendingStopsTheRead()
    {
        await using var body = new GuardedBodyStream(new DrippingStream(interval: Timeout.InfiniteTimeSpan), ShortTimeout, "GET /x");

        var e = await Assert.ThrowsAsync<StalledAnswerException>(async () => await body.ReadAtLeastAsync(new byte[10], 1));

        Assert.StartsWith("GET /x: no byte of the answer arrived for 0.3 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerThatDripsTooSlowlyStopsTheRead()
    {
        await using var body = new GuardedBodyStream(new DrippingStream(interval: TimeSpan.FromMilliseconds(20)), ShortTimeout, "GET /x");

        var e = await Assert.ThrowsAsync<StalledAnswerException>(async () =>
        {
            while (await body.ReadAsync(new byte[10]) > 0)
            {
            }
        });

        Assert.Contains("the answer arrives too slowly", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerThatKeepsComingIsReadToItsEnd()
    {
        var data = new byte[100_000];
        await using var body = new GuardedBodyStream(new MemoryStream(data), ShortTimeout, "GET /x");

        var copy = new MemoryStream();
        await body.CopyToAsync(copy);

        Assert.Equal(data.Length, copy.Length);
    }

    [Fact]
    public async Task CancellingTheRunIsACancellationNotAStall()
    {
        using var cancel = new CancellationTokenSource();
        await using var body = new GuardedBodyStream(new DrippingStream(interval: Timeout.InfiniteTimeSpan), EndpointLimits.Default, "GET /x");

        var reading = body.ReadAtLeastAsync(new byte[10], 1, cancellationToken: cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    /// <summary>One byte per interval, for ever (none at all with an infinite interval).</summary>
    private sealed class DrippingStream(TimeSpan interval) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(interval, cancellationToken);
            buffer.Span[0] = (byte)' ';
            return 1;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
