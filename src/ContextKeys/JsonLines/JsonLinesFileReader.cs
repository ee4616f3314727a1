using System.Buffers;

namespace ContextKeys.JsonLines;

/// <summary>Reads a file line by line as raw bytes, with each line's end offset (for a checkpoint); memory holds one line.</summary>
public sealed class JsonLinesFileReader : IDisposable
{
    private readonly FileStream _file;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _ended;

    public JsonLinesFileReader(string path, long startOffset)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        _file.Seek(startOffset, SeekOrigin.Begin);
        _bufferOffset = startOffset;
    }

    public long Length => _file.Length;

    /// <summary>The next non-empty line (without its line break) and the file offset just past it; null at the end.</summary>
    public async ValueTask<(ReadOnlyMemory<byte> Line, long EndOffset)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0 || (_ended && _end > _start))
            {
                var length = newline >= 0 ? newline : _end - _start;
                var line = _buffer.AsMemory(_start, length);
                _start += newline >= 0 ? length + 1 : length;
                var endOffset = _bufferOffset + _start;
                var trimmed = Trim(line);
                if (trimmed.IsEmpty)
                {
                    continue;
                }

                return (trimmed, endOffset);
            }

            if (_ended)
            {
                return null;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        PooledBuffer.GrowWhenFull(ref _buffer, _end);

        var read = await _file.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _ended = read == 0;
        _end += read;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var start = 0;
        var end = span.Length;
        while (start < end && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            start++;
        }

        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }

        return line[start..end];
    }
}
