using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ContextKeys.Api;

/// <summary>
/// One account on one v1 endpoint (LivePerson's or ours): the calls a copy, an export, an import and a verification
/// make. Listings are read as streams, element by element; properties travel as raw JSON text, never parsed into
/// numbers, so every value keeps its exact text.
/// </summary>
public sealed class ContextApiClient : IDisposable
{
    public const string DefaultNamespaceSession = "__default__";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string _accountPath;
    private readonly string _apiKey;

    public ContextApiClient(HttpClient http, Uri endpoint, string apiKey, string accountId)
    {
        _http = http;
        Endpoint = endpoint;
        AccountId = accountId;
        _apiKey = apiKey;
        _accountPath = $"{endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}/v1/account/{Uri.EscapeDataString(accountId)}";
    }

    public Uri Endpoint { get; }

    /// <summary>Disposes the HttpClient it was given: a client owns its connections.</summary>
    public void Dispose() => _http.Dispose();

    public string AccountId { get; }

    /// <summary>N2: the registered namespaces with their TTLs.</summary>
    public async Task<IReadOnlyList<NamespaceRecord>> ListNamespacesAsync(CancellationToken cancellationToken)
    {
        var namespaces = new List<NamespaceRecord>();
        await foreach (var element in ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            namespaces.Add(ContextRecordParser.Namespace(element.Span));
        }

        return namespaces;
    }

    /// <summary>N1: registers the namespace; with a TTL when given.</summary>
    public Task RegisterNamespaceAsync(string name, long? ttlSecond, CancellationToken cancellationToken)
    {
        var query = ttlSecond is { } ttl ? $"?ttlSecond={ttl.ToString(CultureInfo.InvariantCulture)}" : "";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["name"] = name });
        return WriteAsync(HttpMethod.Post, query, body, cancellationToken);
    }

    /// <summary>P3: the namespace's properties as raw JSON text (<c>{}</c> when none).</summary>
    public Task<byte[]> GetNamespacePropertiesAsync(string ns, CancellationToken cancellationToken) =>
        ReadBytesAsync($"/{Segment(ns)}/properties", cancellationToken);

    /// <summary>T2: every session of the namespace that has its own TTL.</summary>
    public async Task<IReadOnlyList<SessionTtlRecord>> ListSessionTtlsAsync(string ns, CancellationToken cancellationToken)
    {
        var ttls = new List<SessionTtlRecord>();
        await foreach (var element in ListAsync($"/namespace/{Segment(ns)}/session", cancellationToken).ConfigureAwait(false))
        {
            ttls.Add(ContextRecordParser.SessionTtl(element.Span));
        }

        return ttls;
    }

    /// <summary>T1: sets the session's own TTL (0 clears it).</summary>
    public Task SetSessionTtlAsync(string ns, string sessionId, long ttlSecond, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["sessionId"] = sessionId });
        return WriteAsync(HttpMethod.Post, $"/namespace/{Segment(ns)}/session?ttlSecond={ttlSecond.ToString(CultureInfo.InvariantCulture)}", body, cancellationToken);
    }

    /// <summary>
    /// S1 (P1 for <c>__default__</c>): merges the properties, given as a JSON object's raw text. One PATCH when the
    /// body fits the endpoint's request limit; otherwise the same shallow merge in several (see <see cref="PropertiesPatchPlan"/>).
    /// </summary>
    public async Task PatchPropertiesAsync(string ns, string sessionId, ReadOnlyMemory<byte> properties, CancellationToken cancellationToken)
    {
        var path = sessionId == DefaultNamespaceSession
            ? $"/{Segment(ns)}/properties"
            : $"/{Segment(ns)}/{Segment(sessionId)}/properties";
        foreach (var write in PropertiesPatchPlan.Split(properties))
        {
            if (write.PropertyName is null)
            {
                await WriteAsync(HttpMethod.Patch, path, write.Body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(HttpMethod.Put, $"{path}/{Segment(write.PropertyName)}", write.Body, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>L2: one page of sessions with their properties, streamed; each record is valid until the next one is read.</summary>
    public async IAsyncEnumerable<SessionRecord> ListSessionPropertiesAsync(
        string ns, int page, int perPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"/{Segment(ns)}/session-properties?page={page.ToString(CultureInfo.InvariantCulture)}&perPage={perPage.ToString(CultureInfo.InvariantCulture)}";
        await foreach (var element in ListAsync(path, cancellationToken).ConfigureAwait(false))
        {
            yield return ContextRecordParser.Session(element);
        }
    }

    /// <summary>L1, page by page: how many sessions the namespace lists (namespace properties included).</summary>
    public async Task<long> CountSessionsAsync(string ns, int perPage, CancellationToken cancellationToken)
    {
        long count = 0;
        for (var page = 0; ; page++)
        {
            var onPage = 0;
            var path = $"/{Segment(ns)}/session-ids?page={page.ToString(CultureInfo.InvariantCulture)}&perPage={perPage.ToString(CultureInfo.InvariantCulture)}";
            await foreach (var _ in ListAsync(path, cancellationToken).ConfigureAwait(false))
            {
                onPage++;
            }

            count += onPage;
            if (onPage < perPage)
            {
                return count;
            }
        }
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ListAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new JsonArrayElementReader(stream);
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } element)
        {
            yield return element;
        }
    }

    private async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpMethod method, string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, ReadOnlyMemory<byte>? body)
    {
        var request = new HttpRequestMessage(method, _accountPath + path);
        request.Headers.TryAddWithoutValidation("maven-api-key", _apiKey);
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var message = await ServerMessageAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new AccessDeniedException(Endpoint, AccountId, message);
        }

        var what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        throw new ContextApiException($"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}: {message}", response.StatusCode);
    }

    private static async Task<string> ServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message))
            {
                return message.ToString();
            }
        }
        catch (JsonException)
        {
            // Not the contract's error body: show the text itself.
        }

        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
