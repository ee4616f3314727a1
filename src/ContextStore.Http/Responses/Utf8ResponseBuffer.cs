using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Responses;

/// <summary>
/// Encodes text into one fixed buffer and sends it whenever the buffer fills: an answer that fits goes out whole with
/// its Content-Length, a longer one goes out chunked while it is written, and memory stays at the buffer's size.
/// </summary>
public sealed class Utf8ResponseBuffer(HttpResponse response) : IDisposable
{
    private const int Capacity = 64 * 1024;

    /// <summary>Room for the longest UTF-8 sequence, so that the encoder always makes progress.</summary>
    private const int MinimumRoom = 8;

    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetEncoder();
    private int _used;

    /// <summary>Whether part of the answer has been sent, so that its status can no longer change.</summary>
    public bool HasStarted { get; private set; }

    public async ValueTask AppendAsync(string text, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            if (_buffer.Length - _used < MinimumRoom)
            {
                await SendAsync(cancellationToken);
            }

            _encoder.Convert(
                text.AsSpan(offset), _buffer.AsSpan(_used), flush: true, out var charsUsed, out var bytesUsed, out _);
            offset += charsUsed;
            _used += bytesUsed;
        }
    }

    /// <summary>Sends what is left; an answer that was never sent in part gets its Content-Length.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (!HasStarted)
        {
            response.ContentLength = _used;
        }

        await response.Body.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken);
        _used = 0;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        HasStarted = true;
        await response.Body.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken);
        _used = 0;
    }
}
