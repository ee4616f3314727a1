using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ContextAdmin.Api;

/// <summary>
/// One account on one v1 endpoint (LivePerson's or ours): the calls a copy, an export, an import and a verification
/// make. Listings are read as streams, element by element; properties travel as raw JSON text, never parsed into
/// numbers, so every value keeps its exact text. Every URL is built by <see cref="AccountAddress"/> from names the
/// contract allows, and everything read is bounded by <see cref="EndpointLimits"/>.
/// </summary>
public sealed class ContextApiClient : IDisposable
{
    public const string DefaultNamespaceSession = "__default__";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly AccountAddress _address;
    private readonly string _apiKey;

    public ContextApiClient(HttpClient http, Uri endpoint, string apiKey, string accountId, EndpointLimits? limits = null)
    {
        _http = http;
        Endpoint = endpoint;
        AccountId = accountId;
        Limits = limits ?? EndpointLimits.Default;
        _apiKey = apiKey;
        _address = new AccountAddress(endpoint, accountId);
    }

    public Uri Endpoint { get; }

    public string AccountId { get; }

    public EndpointLimits Limits { get; }

    /// <summary>Disposes the HttpClient it was given: a client owns its connections.</summary>
    public void Dispose() => _http.Dispose();

    /// <summary>N2: the registered namespaces with their TTLs.</summary>
    public async Task<IReadOnlyList<NamespaceRecord>> ListNamespacesAsync(CancellationToken cancellationToken)
    {
        var namespaces = new List<NamespaceRecord>();
        await foreach (var element in ListAsync("", Limits.MaxUnpagedElements, cancellationToken).ConfigureAwait(false))
        {
            namespaces.Add(ContextRecordParser.Namespace(element.Span));
        }

        return namespaces;
    }

    /// <summary>N1: registers the namespace; with a TTL when given.</summary>
    public Task RegisterNamespaceAsync(string name, long? ttlSecond, CancellationToken cancellationToken)
    {
        AccountAddress.Namespace(name);
        var query = ttlSecond is { } ttl ? $"?ttlSecond={ttl.ToString(CultureInfo.InvariantCulture)}" : "";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["name"] = name });
        return WriteAsync(HttpMethod.Post, query, body, cancellationToken);
    }

    /// <summary>P3: the namespace's properties as raw JSON text (<c>{}</c> when none).</summary>
    public Task<byte[]> GetNamespacePropertiesAsync(string ns, CancellationToken cancellationToken) =>
        ReadBytesAsync(PropertiesPath(ns, DefaultNamespaceSession), cancellationToken);

    /// <summary>S3 (P3 for <c>__default__</c>): the session's properties as raw JSON text (<c>{}</c> when none).</summary>
    public Task<byte[]> GetSessionPropertiesAsync(string ns, string sessionId, CancellationToken cancellationToken) =>
        ReadBytesAsync(PropertiesPath(ns, sessionId), cancellationToken);

    /// <summary>T2, streamed: every session of the namespace that has its own TTL.</summary>
    public async IAsyncEnumerable<SessionTtlRecord> StreamSessionTtlsAsync(string ns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var element in ListAsync($"/namespace/{AccountAddress.Namespace(ns)}/session", Limits.MaxUnpagedElements, cancellationToken)
            .ConfigureAwait(false))
        {
            yield return ContextRecordParser.SessionTtl(element.Span);
        }
    }

    /// <summary>T2: every session of the namespace that has its own TTL.</summary>
    public async Task<IReadOnlyList<SessionTtlRecord>> ListSessionTtlsAsync(string ns, CancellationToken cancellationToken)
    {
        var ttls = new List<SessionTtlRecord>();
        await foreach (var ttl in StreamSessionTtlsAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            ttls.Add(ttl);
        }

        return ttls;
    }

    /// <summary>T1: sets the session's own TTL (0 clears it).</summary>
    public Task SetSessionTtlAsync(string ns, string sessionId, long ttlSecond, CancellationToken cancellationToken)
    {
        var path = $"/namespace/{AccountAddress.Namespace(ns)}/session?ttlSecond={ttlSecond.ToString(CultureInfo.InvariantCulture)}";
        AccountAddress.Session(sessionId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["sessionId"] = sessionId });
        return WriteAsync(HttpMethod.Post, path, body, cancellationToken);
    }

    /// <summary>
    /// S1/S2 (P1/P2 for <c>__default__</c>): merges the properties, given as a JSON object's raw text, with the
    /// requests of <see cref="PropertiesWritePlan"/>, one after another in the properties' order.
    /// </summary>
    /// <exception cref="UnaddressableNameException">The namespace or session id cannot be addressed: nothing is sent.</exception>
    /// <exception cref="UnmovablePropertiesException">No request can carry the properties: nothing is sent.</exception>
    public Task PatchPropertiesAsync(string ns, string sessionId, ReadOnlyMemory<byte> properties, CancellationToken cancellationToken)
    {
        var path = PropertiesPath(ns, sessionId);
        return WritePropertiesAsync(path, PropertiesWritePlan.Plan(properties), cancellationToken);
    }

    /// <summary>The writes of a plan made beforehand (see <see cref="PropertiesWritePlan"/>), in order.</summary>
    public Task WritePropertiesAsync(string ns, string sessionId, IReadOnlyList<PropertiesWritePlan.Write> writes, CancellationToken cancellationToken) =>
        WritePropertiesAsync(PropertiesPath(ns, sessionId), writes, cancellationToken);

    private async Task WritePropertiesAsync(string path, IReadOnlyList<PropertiesWritePlan.Write> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            if (write.PropertyName is null)
            {
                await WriteAsync(HttpMethod.Patch, path, write.Body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(HttpMethod.Put, $"{path}/{AccountAddress.Property(write.PropertyName)}", write.Body, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// L2: one page of sessions with their properties, streamed; each record is valid until the next one is read.
    /// More than <paramref name="perPage"/> elements is an endless listing: an error.
    /// </summary>
    public async IAsyncEnumerable<SessionRecord> ListSessionPropertiesAsync(
        string ns, int page, int perPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var element in ListAsync(PagePath(ns, "session-properties", page, perPage), perPage, cancellationToken).ConfigureAwait(false))
        {
            yield return ContextRecordParser.Session(element);
        }
    }

    /// <summary>L1: one page of session ids. More than <paramref name="perPage"/> elements is an error.</summary>
    public async IAsyncEnumerable<string> ListSessionIdsAsync(string ns, int page, int perPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var element in ListAsync(PagePath(ns, "session-ids", page, perPage), perPage, cancellationToken).ConfigureAwait(false))
        {
            yield return ContextRecordParser.SessionId(element.Span);
        }
    }

    private static string PropertiesPath(string ns, string sessionId) =>
        sessionId == DefaultNamespaceSession
            ? $"/{AccountAddress.Namespace(ns)}/properties"
            : $"/{AccountAddress.Namespace(ns)}/{AccountAddress.Session(sessionId)}/properties";

    private static string PagePath(string ns, string listing, int page, int perPage) =>
        $"/{AccountAddress.Namespace(ns)}/{listing}?page={page.ToString(CultureInfo.InvariantCulture)}&perPage={perPage.ToString(CultureInfo.InvariantCulture)}";

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ListAsync(string path, long maxElements, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        await using var stream = Guarded(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), request);
        using var reader = new JsonArrayElementReader(stream, Limits.MaxElementBytes, maxElements);
        while (await ReadNextAsync(reader, request, cancellationToken).ConfigureAwait(false) is { } element)
        {
            yield return element;
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadNextAsync(JsonArrayElementReader reader, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{Describe(request)}: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        await using var stream = Guarded(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), request);
        return await BoundedBody.ReadAsync(response, stream, Limits.MaxElementBytes, Describe(request), cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpMethod method, string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, ReadOnlyMemory<byte>? body)
    {
        var request = new HttpRequestMessage(method, _address.For(path));
        request.Headers.TryAddWithoutValidation("maven-api-key", _apiKey);
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }

    private GuardedBodyStream Guarded(Stream body, HttpRequestMessage request) => new(body, Limits, Describe(request));

    private async Task EnsureSuccessAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            // Followed, a redirect would carry the API key to wherever it points.
            throw new ContextApiException(
                $"{Describe(request)} answered {status} {response.ReasonPhrase}, a redirect to {response.Headers.Location?.ToString() ?? "nowhere"}: "
                + "redirects are not followed, so the API key goes nowhere else; give the endpoint's final address.",
                response.StatusCode);
        }

        await using var body = Guarded(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), request);
        var message = await BoundedBody.MessageAsync(body, Limits.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new AccessDeniedException(Endpoint, AccountId, message);
        }

        throw new ContextApiException($"{Describe(request)} answered {status} {response.ReasonPhrase}: {message}", response.StatusCode);
    }

    private static string Describe(HttpRequestMessage request) =>
        $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Authority)}{request.RequestUri?.AbsolutePath}";
}
