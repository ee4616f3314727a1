using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using ContextStore;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Sessions;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <summary>
/// The least an HTTP front can do for S3 and S1, on the same Kestrel and the same Cosmos client as the API: it checks
/// only the key header, then does the raw point read and copies the stored properties text out (read), or the raw
/// point read, a merge of the body's members into the stored text and a conditional replace, retried on 412 (write).
/// No account, name, size or depth checks, no routing, no logging, no error model: the baseline the API is measured against (the "limit" rows of the output).
/// Paths: <c>GET|PATCH /limit/{sessionId}</c> on account <see cref="BenchHost.Account"/>, namespace <see cref="ThroughputBench.Namespace"/>.
/// </summary>
public static class BaselineEndpoints
{
    public const string Prefix = "/limit/";
    private static readonly byte[] Forbidden = """{"error":"forbidden"}"""u8.ToArray();

    /// <summary>
    /// Every API request passes through here first, so a request that is not the limit's goes on without a state
    /// machine of this middleware's own: the API's rows carry none of the limit's cost.
    /// </summary>
    public static IApplicationBuilder UseBaselineEndpoints(this IApplicationBuilder app, Container container) =>
        app.Use(next => context =>
        {
            var path = context.Request.Path.Value;
            return path is not null && path.StartsWith(Prefix, StringComparison.Ordinal)
                ? ServeAsync(context, container, path)
                : next(context);
        });

    private static async Task ServeAsync(HttpContext context, Container container, string path)
    {
        if (!string.Equals(context.Request.Headers["maven-api-key"], BenchHost.ApiKey, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentLength = Forbidden.Length;
            await context.Response.Body.WriteAsync(Forbidden);
            return;
        }

        var key = new SessionKey(BenchHost.Account, ThroughputBench.Namespace, path[Prefix.Length..]);
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await ReadAsync(context, container, key);
        }
        else
        {
            await WriteAsync(context, container, key);
        }
    }

    private static async Task ReadAsync(HttpContext context, Container container, SessionKey key)
    {
        using var response = await container.ReadItemStreamAsync(
            SessionDocument.DocumentId, ContextContainer.SessionPartition(key), cancellationToken: context.RequestAborted);
        var answer = response.StatusCode == HttpStatusCode.OK ? StoredProperties(await ReadAllAsync(response.Content)) : "{}"u8.ToArray();
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ETag = response.Headers.ETag;
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, Container container, SessionKey key)
    {
        var body = new byte[context.Request.ContentLength ?? 0];
        await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted);
        var partition = ContextContainer.SessionPartition(key);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            byte[] document;
            string etag;
            using (var read = await container.ReadItemStreamAsync(SessionDocument.DocumentId, partition, cancellationToken: context.RequestAborted))
            {
                if (read.StatusCode != HttpStatusCode.OK)
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                }

                etag = read.Headers.ETag;
                document = await ReadAllAsync(read.Content);
            }

            using var content = new MemoryStream(Merged(document, body));
            using var replaced = await container.ReplaceItemStreamAsync(
                content, SessionDocument.DocumentId, partition,
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, context.RequestAborted);
            if (replaced.StatusCode != HttpStatusCode.PreconditionFailed)
            {
                context.Response.StatusCode = replaced.IsSuccessStatusCode ? StatusCodes.Status204NoContent : StatusCodes.Status500InternalServerError;
                context.Response.Headers.ETag = replaced.Headers.ETag;
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status409Conflict;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        if (stream is MemoryStream memory)
        {
            return memory.ToArray();
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The document's <c>properties</c> string, unescaped: the stored JSON object text.</summary>
    private static byte[] StoredProperties(byte[] document)
    {
        var reader = new Utf8JsonReader(document);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isProperties = reader.ValueTextEquals("properties"u8);
            reader.Read();
            if (isProperties)
            {
                return Unescaped(ref reader);
            }

            reader.Skip();
        }

        return "{}"u8.ToArray();
    }

    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.ToArray();
        }

        var buffer = new byte[reader.ValueSpan.Length];
        var length = reader.CopyString(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// The document with the body's members set in its properties text (a member of the same name replaced), the
    /// counters and timestamps updated and Cosmos DB's system fields left out: what a replace must send.
    /// </summary>
    private static byte[] Merged(byte[] document, byte[] body)
    {
        var members = new List<(string Name, byte[] Value)>();
        void Set(string name, byte[] value)
        {
            var index = members.FindIndex(m => m.Name == name);
            if (index >= 0)
            {
                members[index] = (name, value);
            }
            else
            {
                members.Add((name, value));
            }
        }

        void AddMembers(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                Set(name, json[start..(int)reader.BytesConsumed].ToArray());
            }
        }

        AddMembers(StoredProperties(document));
        AddMembers(body);
        var properties = new ArrayBufferWriter<byte>();
        properties.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                properties.Write(","u8);
            }

            properties.Write("\""u8);
            properties.Write(JsonEncodedText.Encode(members[i].Name).EncodedUtf8Bytes);
            properties.Write("\":"u8);
            properties.Write(members[i].Value);
        }

        properties.Write("}"u8);
        var propertiesText = Encoding.UTF8.GetString(properties.WrittenSpan);

        var output = new ArrayBufferWriter<byte>(document.Length + body.Length + 64);
        using (var writer = new Utf8JsonWriter(output))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var reader = new Utf8JsonReader(document);
            reader.Read();
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "properties":
                        writer.WriteString(name, propertiesText);
                        break;
                    case "propertyCount":
                        writer.WriteNumber(name, members.Count);
                        break;
                    case "propertiesLength":
                        writer.WriteNumber(name, propertiesText.Length);
                        break;
                    case "lastWriteAt":
                        writer.WriteNumber(name, now);
                        break;
                    case "expiresAt":
                        writer.WriteNumber(name, now + ThroughputBench.NamespaceTtlSecond * 1000L);
                        break;
                    default:
                        if (!name.StartsWith('_'))
                        {
                            writer.WritePropertyName(name);
                            writer.WriteRawValue(document.AsSpan((int)reader.TokenStartIndex, TokenLength(ref reader)), skipInputValidation: true);
                        }
                        else
                        {
                            reader.Skip();
                        }

                        break;
                }
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static int TokenLength(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return (int)reader.BytesConsumed - start;
    }
}
