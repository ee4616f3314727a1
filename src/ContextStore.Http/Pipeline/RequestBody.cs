using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using ContextStore.Contract;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Pipeline;

/// <summary>Reads a request body as JSON within the contract's limits: 1 MiB, 64 levels, no duplicate keys.</summary>
public static class RequestBody
{
    private static readonly JsonDocumentOptions Strict = new()
    {
        MaxDepth = ContextLimits.MaxJsonDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Any JSON value (PUT of one property).</summary>
    public static async Task<JsonElement> ReadValueAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = Parse(await ReadBytesAsync(request, cancellationToken))
            ?? throw new InvalidRequestException("The request body must be a JSON value.");
        return body.RootElement.Clone();
    }

    /// <summary>A JSON object (N1, T1); the message names what was expected.</summary>
    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, string expected, CancellationToken cancellationToken)
    {
        using var body = await ReadObjectDocumentAsync(request, expected, cancellationToken);
        return body.RootElement.Clone();
    }

    /// <summary>
    /// A JSON object as parsed, not copied: for a caller that is done with its elements before it disposes the
    /// document (PATCH turns each member into stored text at once).
    /// </summary>
    public static async Task<JsonDocument> ReadObjectDocumentAsync(HttpRequest request, string expected, CancellationToken cancellationToken)
    {
        var body = Parse(await ReadBytesAsync(request, cancellationToken));
        if (body?.RootElement.ValueKind == JsonValueKind.Object)
        {
            return body;
        }

        body?.Dispose();
        throw new InvalidRequestException($"The request body must be a JSON object: {expected}.");
    }

    /// <summary>A required string member of a JSON object body.</summary>
    public static string RequiredString(JsonElement body, string member, string expected) =>
        body.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidRequestException($"The request body must be {expected}.");

    /// <summary>The body as a JSON document the caller disposes, or null when it is empty.</summary>
    private static JsonDocument? Parse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return ParseWellFormed(bytes);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {e.Message}");
        }
    }

    private static JsonDocument ParseWellFormed(ReadOnlyMemory<byte> bytes)
    {
        // The JSON reader would turn invalid UTF-8 into U+FFFD and store that: refuse it instead.
        if (!Utf8.IsValid(bytes.Span))
        {
            throw new InvalidRequestException("The request body is not valid UTF-8.");
        }

        var document = JsonDocument.Parse(bytes, Strict);
        try
        {
            // Valid UTF-8 cannot encode a surrogate, so a lone one can only arrive as a \u escape.
            if (bytes.Span.IndexOf("\\u"u8) >= 0)
            {
                EnsureWellFormedText(document.RootElement);
            }

            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// JSON lets "\ud800" through, but a lone surrogate is no text: it could be neither stored nor
    /// written back out, so it is refused here rather than failing deep in a write.
    /// </summary>
    private static void EnsureWellFormedText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    EnsureWellFormed(property.Name);
                    EnsureWellFormedText(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    EnsureWellFormedText(item);
                }

                break;
            case JsonValueKind.String:
                EnsureWellFormed(element.GetString()!);
                break;
        }
    }

    private static void EnsureWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw new InvalidRequestException("The request body holds a lone UTF-16 surrogate, which is not text.");
            }
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const int limit = ContextLimits.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge();
        }

        // Sized for the declared length plus the byte that shows the end; it grows only for a body without one.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(sizeHint: 1);
            int read;
            try
            {
                read = await request.Body.ReadAsync(memory, cancellationToken);
            }
            catch (IOException e) when (e.InnerException is OverflowException)
            {
                // Kestrel's chunked decoding overflows on a chunk size of more hex digits than it holds.
                throw new InvalidRequestException("The request body's chunked encoding is invalid: a chunk size is out of range.");
            }

            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge();
            }
        }
    }

    private static RequestBodyTooLargeException TooLarge() =>
        new($"The request body is larger than {ContextLimits.MaxRequestBodyBytes} bytes (1 MiB).");
}
