using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Responses;

/// <summary>
/// Writes a JSON answer serialized in full beforehand, with its Content-Length, so it leaves in one send. A streamed
/// body goes out chunked, and its closing chunk sometimes follows in a send of its own (220 sends for 200 answers).
/// </summary>
public static class JsonBody
{
    public const string ContentType = "application/json; charset=utf-8";

    public static Task WriteAsync<T>(HttpResponse response, T body, CancellationToken cancellationToken) =>
        WriteUtf8Async(response, JsonSerializer.SerializeToUtf8Bytes(body, ContextJson.Options), cancellationToken);

    /// <summary>Writes JSON that is already UTF-8 bytes.</summary>
    public static Task WriteUtf8Async(HttpResponse response, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, cancellationToken).AsTask();
    }
}
