using System.Buffers;
using System.Text.Json;

namespace ContextAdmin.Api;

/// <summary>
/// Reads the elements of one JSON array from a stream, one at a time, each as its raw UTF-8 text exactly as sent.
/// The buffer holds the element being read and what is still unread of one network read, never the whole array:
/// memory is bounded by the largest element, whatever the array's length. An element larger than
/// <paramref name="maxElementBytes"/>, or more than <paramref name="maxElements"/> of them, is an error: an endless
/// element or an endless array stops there.
/// </summary>
/// <remarks>
/// Kept by hand rather than <c>JsonSerializer.DeserializeAsyncEnumerable&lt;JsonElement&gt;</c>, which does not hold this
/// bound (measured 2026-12-05, .NET 10, one 64 KiB read at a time). It has no limit of its own on an element, so a
/// counting stream must stop an endless one, and its buffer doubles past that count: 32 MiB for an endless element
/// and 64 MiB for endless whitespace stopped at 16 MiB, against 16 MiB here for both. Each element also becomes a
/// JsonDocument, about 12 bytes a token beside its copied text: five elements of 8 MB of small tokens
/// (<c>[0,0,…]</c>, a listing element the limit allows) peaked at 189 MiB live (403 MiB allocated), against 16 MiB
/// here. 20 elements of 2 MB strings: 5.9 against 3.9 MiB live.
/// </remarks>
public sealed class JsonArrayElementReader(Stream stream, int maxElementBytes = EndpointLimits.DefaultMaxElementBytes, long maxElements = long.MaxValue)
    : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _streamEnded;
    private bool _arrayStarted;
    private bool _arrayEnded;
    private long _elements;
    // A stored value may nest 64 levels inside the listing's own two.
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 256 });

    /// <summary>The largest buffer this reader needed, in bytes.</summary>
    public int PeakBufferBytes => _buffer.Length;

    /// <summary>The next element's raw JSON text, valid until the next call; null after the array's end.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (TryReadElementOrFail(out var elementStart, out var elementLength))
            {
                case Step.Element:
                    if (++_elements > maxElements)
                    {
                        throw new InvalidDataException($"The answer lists more than {maxElements} elements: stopped reading it.");
                    }

                    return _buffer.AsMemory(elementStart, elementLength);
                case Step.ArrayEnded:
                    return null;
                case Step.Progressed:
                    continue;
                case Step.NeedMoreData:
                    if (_streamEnded)
                    {
                        throw new InvalidDataException("The answer ended before its JSON array was complete.");
                    }

                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private enum Step
    {
        Element,
        ArrayEnded,
        Progressed,
        NeedMoreData,
    }

    private Step TryReadElementOrFail(out int elementStart, out int elementLength)
    {
        try
        {
            return TryReadElement(out elementStart, out elementLength);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The answer is not the JSON array expected: {e.Message}", e);
        }
    }

    private Step TryReadElement(out int elementStart, out int elementLength)
    {
        elementStart = elementLength = 0;
        if (_arrayEnded)
        {
            return Step.ArrayEnded;
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _streamEnded, _state);
        if (!reader.Read())
        {
            return Step.NeedMoreData;
        }

        if (!_arrayStarted)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidDataException($"Expected a JSON array, found {reader.TokenType}.");
            }

            _arrayStarted = true;
            Commit(ref reader);
            return Step.Progressed;
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            _arrayEnded = true;
            Commit(ref reader);
            return Step.ArrayEnded;
        }

        var tokenStart = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            return Step.NeedMoreData;
        }

        elementStart = _start + tokenStart;
        elementLength = (int)reader.BytesConsumed - tokenStart;
        Commit(ref reader);
        return Step.Element;
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var unread = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            _start = 0;
            _end = unread;
        }

        if (unread >= maxElementBytes)
        {
            throw new InvalidDataException($"An element of the answer is larger than {maxElementBytes} bytes, more than any session the contract allows: stopped reading it.");
        }

        PooledBuffer.GrowWhenFull(ref _buffer, _end);

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _streamEnded = true;
        }

        _end += read;
    }
}
