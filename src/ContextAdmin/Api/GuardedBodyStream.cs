using System.Diagnostics;

namespace ContextAdmin.Api;

/// <summary>
/// An answer's body that must keep coming: each read waits at most the read timeout, and every read timeout's worth
/// of time must bring at least a minimum number of bytes (unless the body ends). Otherwise the read stops with a
/// <see cref="StalledAnswerException"/> naming the request, and the connection is dropped with the response.
/// </summary>
public sealed class GuardedBodyStream(Stream inner, EndpointLimits limits, string what) : Stream
{
    private long _windowStarted = Stopwatch.GetTimestamp();
    private long _windowBytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.ReadTimeout);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StalledAnswerException($"{what}: no byte of the answer arrived for {limits.ReadTimeout.TotalSeconds:0.#} s; stopped waiting");
        }

        _windowBytes += read;
        if (read > 0 && Stopwatch.GetElapsedTime(_windowStarted) >= limits.ReadTimeout)
        {
            if (_windowBytes < limits.MinimumBytesPerReadTimeout)
            {
                throw new StalledAnswerException(
                    $"{what}: the answer arrives too slowly ({_windowBytes} bytes in {limits.ReadTimeout.TotalSeconds:0.#} s); stopped waiting");
            }

            _windowStarted = Stopwatch.GetTimestamp();
            _windowBytes = 0;
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
