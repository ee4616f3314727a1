using System.Buffers;
using ContextAdmin.Api;

namespace ContextAdmin.JsonLines;

/// <summary>
/// Reads a file line by line as raw bytes, each with the file offset just past it (for a checkpoint) and whether a
/// line break ended it (the last line of a cut file has none). Memory holds one line, and a line may be at most
/// <see cref="MaxLineBytes"/>: a longer one is an error, whatever the file holds.
/// </summary>
public sealed class JsonLinesFileReader : IDisposable
{
    /// <summary>The largest session the tool reads from an endpoint, with room for its names and the line's fields.</summary>
    public const int MaxLineBytes = EndpointLimits.DefaultMaxElementBytes + 64 * 1024;

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

    /// <summary>
    /// The next line without its line break, the file offset just past it, and whether a line break ended it; null at
    /// the end of the file. Valid until the next call.
    /// </summary>
    /// <exception cref="InvalidDataException">A line is longer than <see cref="MaxLineBytes"/>.</exception>
    public async ValueTask<(ReadOnlyMemory<byte> Line, long EndOffset, bool Terminated)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0 || (_ended && _end > _start))
            {
                var length = newline >= 0 ? newline : _end - _start;
                var line = _buffer.AsMemory(_start, length);
                _start += newline >= 0 ? length + 1 : length;
                return (line, _bufferOffset + _start, newline >= 0);
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

        if (_end >= MaxLineBytes)
        {
            throw new InvalidDataException($"a line at byte {_bufferOffset} is longer than {MaxLineBytes} bytes, more than any record of an export");
        }

        PooledBuffer.GrowWhenFull(ref _buffer, _end);

        var read = await _file.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _ended = read == 0;
        _end += read;
    }
}
