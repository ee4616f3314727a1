using System.Buffers;
using System.Security.Cryptography;

namespace ContextAdmin.JsonLines;

/// <summary>
/// Writes an export file: the header, the records, and on <see cref="CompleteAsync"/> the trailer with their counts
/// and the SHA-256 of every byte before it. Written under a temporary name and renamed when complete, so a file by the
/// final name is always whole; one left behind by an interruption is removed.
/// </summary>
public sealed class JsonLinesFileWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _line = new(64 * 1024);
    private long _namespaces;
    private long _sessions;
    private long _sessionTtls;
    private long _records;
    private bool _completed;

    private JsonLinesFileWriter(string path)
    {
        _path = Path.GetFullPath(path);
        _temporary = _path + ".partial";
        _file = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
    }

    public static async Task<JsonLinesFileWriter> CreateAsync(string path, HeaderLine header, CancellationToken cancellationToken)
    {
        var writer = new JsonLinesFileWriter(path);
        await writer.WriteLineAsync(header, cancellationToken).ConfigureAwait(false);
        return writer;
    }

    public async Task WriteAsync(JsonLinesRecord record, CancellationToken cancellationToken)
    {
        switch (record)
        {
            case NamespaceLine:
                _namespaces++;
                break;
            case SessionLine:
                _sessions++;
                break;
            case SessionTtlLine:
                _sessionTtls++;
                break;
            default:
                throw new ArgumentException($"Only namespace, session TTL and session lines go between header and trailer, not {record}.", nameof(record));
        }

        _records++;
        await WriteLineAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the trailer and gives the file its name.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        var trailer = new TrailerLine(_namespaces, _sessions, _sessionTtls, _records, Convert.ToHexStringLower(_hash.GetHashAndReset()));
        _line.ResetWrittenCount();
        JsonLinesFormat.Write(_line, trailer);
        await _file.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(_temporary, _path, overwrite: true);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        if (!_completed)
        {
            File.Delete(_temporary);
        }
    }

    private async Task WriteLineAsync(JsonLinesRecord record, CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        JsonLinesFormat.Write(_line, record);
        _hash.AppendData(_line.WrittenSpan);
        await _file.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
