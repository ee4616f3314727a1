using System.Collections.Concurrent;
using System.Text;
using ContextServer.EndToEndTests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>
/// A v1 endpoint on loopback whose answers a test writes: an account held in memory (namespaces, sessions as raw
/// JSON text, session TTLs) and listed as the contract says, sorted by id and paged by position; every write is
/// recorded and answered 204. <see cref="Misbehave"/> answers any request otherwise: a redirect, an endless or
/// oversized answer, a slow drip, malformed JSON. Each request is recorded with its raw target, exactly as sent.
/// </summary>
public sealed class ScriptedEndpoint : IAsyncDisposable
{
    public const string Account = RunningServer.AccountA;
    public const string Key = RunningServer.KeyA;

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, long?> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, string>> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, long>> _ttls = new(StringComparer.Ordinal);

    private ScriptedEndpoint(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address);
    }

    public Uri Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a request itself when it returns true; the account in memory answers the others.</summary>
    public Func<HttpContext, RecordedRequest, Task<bool>>? Misbehave { get; set; }

    /// <summary>Called with each L2 page's ids before it is sent; what it returns is sent (for pages that lose a session).</summary>
    public Func<string, IReadOnlyList<string>, IReadOnlyList<string>>? ShapeSessionPage { get; set; }

    public static async Task<ScriptedEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedEndpoint? endpoint = null;
        app.Run(context => endpoint!.AnswerAsync(context));
        await app.StartAsync();
        endpoint = new ScriptedEndpoint(app);
        return endpoint;
    }

    public void AddNamespace(string name, long? ttlSecond = null)
    {
        lock (_gate)
        {
            _namespaces[name] = ttlSecond;
        }
    }

    public void SetSession(string ns, string sessionId, string properties)
    {
        lock (_gate)
        {
            Of(_sessions, ns)[sessionId] = properties;
        }
    }

    public void RemoveSession(string ns, string sessionId)
    {
        lock (_gate)
        {
            Of(_sessions, ns).Remove(sessionId);
        }
    }

    public void SetSessionTtl(string ns, string sessionId, long ttlSecond)
    {
        lock (_gate)
        {
            Of(_ttls, ns)[sessionId] = ttlSecond;
        }
    }

    /// <summary>The writes received (PATCH, PUT, POST, DELETE), in order.</summary>
    public IReadOnlyList<RecordedRequest> Writes => Requests.Where(r => r.Method is not "GET").ToList();

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var request = new RecordedRequest(
            context.Request.Method, raw, context.Request.Headers["maven-api-key"].ToString(), context.Request.Headers.AcceptEncoding.ToString(),
            await BodyAsync(context));
        Requests.Enqueue(request);
        if (Misbehave is { } misbehave && await misbehave(context, request))
        {
            return;
        }

        if (request.Key != Key)
        {
            await JsonAsync(context, 403, """{"message":"Provided API Key is either invalid or lacks permission"}""");
            return;
        }

        if (request.Method != "GET")
        {
            context.Response.StatusCode = 204;
            return;
        }

        var (segments, query) = Split(raw);
        var answer = segments switch
        {
            ["v1", "account", _] => Namespaces(),
            ["v1", "account", _, "namespace", var ns, "session"] => SessionTtls(ns),
            ["v1", "account", _, var ns, "properties"] => Properties(ns, "__default__"),
            ["v1", "account", _, var ns, "session-ids"] => SessionIds(ns, query),
            ["v1", "account", _, var ns, "session-properties"] => SessionProperties(ns, query),
            ["v1", "account", _, var ns, var id, "properties"] => Properties(ns, id),
            _ => null,
        };
        await JsonAsync(context, answer is null ? 404 : 200, answer ?? """{"message":"no such path"}""");
    }

    private string Namespaces()
    {
        lock (_gate)
        {
            return "[" + string.Join(",", _namespaces.Select(n =>
                $$"""{"name":{{Quote(n.Key)}},"createdAt":"2026-01-01T00:00:00.000Z"{{(n.Value is { } ttl ? $",\"ttlSecond\":{ttl}" : "")}}}""")) + "]";
        }
    }

    private string SessionTtls(string ns)
    {
        lock (_gate)
        {
            return "[" + string.Join(",", Of(_ttls, ns).Select(t =>
                $$"""{"sessionId":{{Quote(t.Key)}},"createdAt":"2026-01-01T00:00:00.000Z","ttlSecond":{{t.Value}}}""")) + "]";
        }
    }

    private string Properties(string ns, string id)
    {
        lock (_gate)
        {
            return Of(_sessions, ns).GetValueOrDefault(id, "{}");
        }
    }

    private string SessionIds(string ns, IReadOnlyDictionary<string, string> query)
    {
        lock (_gate)
        {
            return "[" + string.Join(",", Page(ns, query).Select(Quote)) + "]";
        }
    }

    private string SessionProperties(string ns, IReadOnlyDictionary<string, string> query)
    {
        lock (_gate)
        {
            var page = Page(ns, query);
            var ids = ShapeSessionPage?.Invoke(ns, page) ?? page;
            return "[" + string.Join(",", ids.Select(id => $$"""{"sessionId":{{Quote(id)}},"properties":{{Of(_sessions, ns)[id]}}}""")) + "]";
        }
    }

    private List<string> Page(string ns, IReadOnlyDictionary<string, string> query)
    {
        var page = int.Parse(query.GetValueOrDefault("page", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var perPage = int.Parse(query.GetValueOrDefault("perPage", "100"), System.Globalization.CultureInfo.InvariantCulture);
        return Of(_sessions, ns).Keys.Skip(page * perPage).Take(perPage).ToList();
    }

    private static (string[] Segments, IReadOnlyDictionary<string, string> Query) Split(string raw)
    {
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var path = question >= 0 ? raw[..question] : raw;
        var query = question >= 0
            ? raw[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return (path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray(), query);
    }

    private static async Task<string> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task JsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static SortedDictionary<string, T> Of<T>(Dictionary<string, SortedDictionary<string, T>> byNamespace, string ns)
    {
        if (!byNamespace.TryGetValue(ns, out var items))
        {
            items = new SortedDictionary<string, T>(StringComparer.Ordinal);
            byNamespace[ns] = items;
        }

        return items;
    }
}

/// <summary>One request as it arrived: its method, its raw target (before any decoding), its key, its Accept-Encoding and its body.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string Key, string AcceptEncoding, string Body);
