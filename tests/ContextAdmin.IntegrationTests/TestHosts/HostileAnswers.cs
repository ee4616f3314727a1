using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>
/// Answers a broken or hostile endpoint gives, each bounded so that a tool without bounds still ends (and fails its
/// test) instead of hanging the suite. <see cref="BytesSent"/> counts what went out before the tool hung up.
/// </summary>
public sealed class HostileAnswers
{
    private long _bytesSent;

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary><paramref name="start"/>, then <paramref name="repeated"/> again and again up to <paramref name="maxBytes"/> or until the client hangs up.</summary>
    public Task EndlessAsync(HttpContext context, string start, string repeated, long maxBytes, int status = 200) =>
        EndlessAsync(context, start, _ => repeated, maxBytes, status);

    /// <summary><paramref name="start"/>, then the <c>n</c>-th text of <paramref name="next"/> for n = 0, 1, … up to <paramref name="maxBytes"/> or until the client hangs up.</summary>
    public async Task EndlessAsync(HttpContext context, string start, Func<long, string> next, long maxBytes, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (!await SendAsync(context, Encoding.UTF8.GetBytes(start)))
        {
            return;
        }

        var chunk = new StringBuilder();
        for (long n = 0; BytesSent < maxBytes;)
        {
            chunk.Clear();
            while (chunk.Length < 64 * 1024)
            {
                chunk.Append(next(n++));
            }

            if (!await SendAsync(context, Encoding.UTF8.GetBytes(chunk.ToString())))
            {
                return;
            }
        }
    }

    /// <summary>A Content-Length of <paramref name="claimed"/> bytes, then a little of them, then nothing for up to <paramref name="hold"/>.</summary>
    public async Task ClaimAsync(HttpContext context, long claimed, TimeSpan hold)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = claimed;
        try
        {
            if (await SendAsync(context, "{\"a\":\""u8.ToArray()))
            {
                await Task.Delay(hold, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }

        context.Abort();
    }

    /// <summary><paramref name="text"/> one byte per <paramref name="interval"/>, for at most <paramref name="duration"/>.</summary>
    public async Task DripAsync(HttpContext context, string text, TimeSpan interval, TimeSpan duration)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(text);
        var until = DateTime.UtcNow + duration;
        try
        {
            for (var i = 0; DateTime.UtcNow < until && await SendAsync(context, [bytes[Math.Min(i, bytes.Length - 1)]]); i++)
            {
                await Task.Delay(interval, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>A small gzip body (sent whether asked for or not) that decompresses to <paramref name="start"/> and <paramref name="spaces"/> spaces.</summary>
    public async Task GzipAsync(HttpContext context, string start, int spaces)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(start));
            var blank = new byte[1024 * 1024];
            Array.Fill(blank, (byte)' ');
            for (var written = 0; written < spaces; written += blank.Length)
            {
                await gzip.WriteAsync(blank.AsMemory(0, Math.Min(blank.Length, spaces - written)));
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.ContentEncoding = "gzip";
        await SendAsync(context, compressed.ToArray());
    }

    /// <returns>False once the client hung up (writes after that go nowhere, so they are not counted).</returns>
    private async Task<bool> SendAsync(HttpContext context, byte[] bytes)
    {
        try
        {
            var result = await context.Response.BodyWriter.WriteAsync(bytes, context.RequestAborted);
            if (result.IsCompleted || result.IsCanceled || context.RequestAborted.IsCancellationRequested)
            {
                return false;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }

        Interlocked.Add(ref _bytesSent, bytes.Length);
        return true;
    }
}
