using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ContextAdmin.Api;

/// <summary>Reads an answer's body without ever holding more than a bound: a claimed or endless length is refused.</summary>
public static class BoundedBody
{
    /// <summary>The whole body, at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The body is (or says it is) longer.</exception>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, Stream body, int maxBytes, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLong(what, maxBytes, $"it says it is {response.Content.Headers.ContentLength} bytes");
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw TooLong(what, maxBytes, "it is longer");
            }
        }
    }

    /// <summary>
    /// An error answer's <c>message</c>, or the start of its text: at most <paramref name="maxBytes"/> of the body are
    /// read, whatever it holds.
    /// </summary>
    public static async Task<string> MessageAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var length = 0;
        while (length < maxBytes)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message))
            {
                return Printable(message.ToString());
            }
        }
        catch (JsonException)
        {
            // Not the contract's error body (or cut at the bound): show the start of the text itself.
        }

        return Printable(Encoding.UTF8.GetString(buffer, 0, length));
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 300 ? text[..300] + "…" : text;
        return new string(shown.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }

    private static InvalidDataException TooLong(string what, int maxBytes, string why) =>
        new($"{what}: the answer is longer than {maxBytes} bytes, more than any session the contract allows ({why}); stopped reading it.");
}
