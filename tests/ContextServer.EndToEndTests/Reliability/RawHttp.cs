using System.Net.Sockets;
using System.Text;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>A request written byte for byte, as HttpClient would refuse to or would normalise it.</summary>
/// <param name="Target">The request target exactly as sent: raw <c>../</c>, percent-encodings and bytes are kept.</param>
/// <param name="Headers">Header lines, each as sent; a value's characters are sent as Latin-1 bytes, so "\xFF" is the byte 0xFF.</param>
/// <param name="Body">The body as sent: with Content-Length unless a Transfer-Encoding header is given.</param>
public sealed record RawRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body);

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>HTTP/1.1 over a plain socket, one request per connection (<c>Connection: close</c>).</summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, RawRequest request, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();

        var head = new StringBuilder()
            .Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (request.Body is not null && !request.Headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Content-Length: ").Append(request.Body.Length).Append("\r\n");
        }

        head.Append("\r\n");

        // Written while the answer is read: the server may answer (and close) before it has read a large body.
        var writing = WriteAsync(stream, Encoding.Latin1.GetBytes(head.ToString()), request.Body, cancellationToken);
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancellationToken);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer: the server closed with part of a large body unread.
        }

        await writing;
        return Parse(received.ToArray(), bodyless: request.Method == "HEAD");
    }

    private static async Task WriteAsync(NetworkStream stream, byte[] head, byte[]? body, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(head, cancellationToken);
            if (body is not null)
            {
                await stream.WriteAsync(body, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server stopped reading: it has answered already, or is about to.
        }
    }

    private static RawResponse Parse(byte[] bytes, bool bodyless)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"No complete HTTP answer: '{text}'");
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        var body = bytes[(end + 4)..];
        if (!bodyless && headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var result = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8) + position;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToArray();
            }

            result.Write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
