using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// A Key-Vault-compatible HTTPS endpoint on 127.0.0.1 (Kestrel, self-signed certificate) speaking the REST shape that
/// <c>Azure.Security.KeyVault.Secrets.SecretClient</c> uses: <c>GET /secrets/{name}</c> (the newest version),
/// <c>GET /secrets/{name}/{version}</c> and <c>GET /secrets/{name}/versions</c>, each with <c>api-version</c>. A request without the expected bearer
/// token gets Key Vault's 401 challenge; secret names ignore case; a missing secret is 404, a disabled one 403. It can
/// be made to throttle (429 with Retry-After), fail (500) or hang, once or until told otherwise.
/// </summary>
public sealed partial class LoopbackKeyVault : IAsyncDisposable
{
    public const string Resource = "https://vault.azure.net";
    public const string Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly WebApplication _app;
    private readonly string _token;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SecretVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<VaultRequest> _requests = [];
    private readonly ConcurrentQueue<VaultFault> _nextFaults = new();
    private readonly ConcurrentBag<HttpClientTransport> _transports = [];
    private int _hanging;

    private LoopbackKeyVault(WebApplication app, X509Certificate2 certificate, string token)
    {
        _app = app;
        _token = token;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public Uri Uri { get; private set; } = null!;

    /// <summary>Applies to every request while set, unauthenticated ones included, as a real outage would.</summary>
    public VaultFault Outage { get; set; }

    /// <summary>The <c>Retry-After</c> seconds of a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Requests that are hanging or hung until their client gave up.</summary>
    public int HangingRequests => Volatile.Read(ref _hanging);

    public IReadOnlyList<VaultRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<LoopbackKeyVault> StartAsync(string token)
    {
        var certificate = LoopbackCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new LoopbackKeyVault(app, certificate, token);
        app.Run(vault.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        vault.Uri = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        return vault;
    }

    /// <summary>Adds a new version of a secret, which becomes its newest; returns the version's id.</summary>
    public string SetSecret(string name, string value, bool enabled = true)
    {
        var version = Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }

            versions.Add(new SecretVersion(name, version, value, enabled, DateTimeOffset.UtcNow));
        }

        return version;
    }

    /// <summary>The next authenticated request fails this way; later ones are answered again.</summary>
    public void FailNext(VaultFault fault) => _nextFaults.Enqueue(fault);

    /// <summary>
    /// A client made by the store's own factory for this vault (<paramref name="options"/> get its address), over a
    /// transport that trusts only this vault's certificate and ends with the vault.
    /// </summary>
    public SecretClient Client(KeyVaultOptions options, TokenCredential credential)
    {
        options.Uri = Uri.ToString();
        var transport = new HttpClientTransport(LoopbackCertificate.HandlerTrustingOnly(Certificate));
        _transports.Add(transport);
        return KeyVaultSecretClientFactory.Create(options, credential, new SecretClientOptions
        {
            Transport = transport,
            DisableChallengeResourceVerification = true,
        });
    }

    /// <summary>Short timeouts and retries, so that failures cost the suite little time.</summary>
    public static KeyVaultOptions QuickOptions() => new()
    {
        ReadTimeout = TimeSpan.FromSeconds(3),
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        NetworkTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>A key store that reads this vault through <see cref="Client"/>.</summary>
    public KeyVaultApiKeyStore Store(KeyVaultOptions options, TokenCredential credential, TimeProvider clock, ContextMetrics? metrics = null) =>
        new(Client(options, credential), clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<KeyVaultApiKeyStore>.Instance, metrics);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        foreach (var transport in _transports)
        {
            transport.Dispose();
        }

        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var authorized = string.Equals(request.Headers.Authorization.ToString(), $"Bearer {_token}", StringComparison.Ordinal);
        var fault = Outage != VaultFault.None ? Outage
            : authorized && _nextFaults.TryDequeue(out var next) ? next
            : VaultFault.None;

        if (fault == VaultFault.Hang)
        {
            Record(request, authorized, 0);
            Interlocked.Increment(ref _hanging);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up: what a hanging vault sees.
            }

            return;
        }

        var (status, body) = fault switch
        {
            VaultFault.Throttle => Throttled(context.Response),
            VaultFault.ServerError => Error(HttpStatusCode.InternalServerError, "InternalServerError", "An unexpected error occurred."),
            _ when !authorized => Challenge(context.Response),
            _ => Answer(request),
        };

        Record(request, authorized, (int)status);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private (HttpStatusCode, object) Answer(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", "The request URI contains an invalid or missing api-version.");
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return Error(HttpStatusCode.MethodNotAllowed, "BadParameter", $"{request.Method} is not served here.");
        }

        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not ["secrets", var name, ..] || segments.Length > 3 || !SecretName().IsMatch(name))
        {
            return Error(HttpStatusCode.NotFound, "NotFound", "No such resource.");
        }

        lock (_gate)
        {
            var versions = _secrets.GetValueOrDefault(name) ?? [];
            if (segments is [_, _, "versions"])
            {
                return (HttpStatusCode.OK, new { value = versions.Select(v => v.Item(Uri)).ToArray(), nextLink = (string?)null });
            }

            var found = segments is [_, _, var version]
                ? versions.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase))
                : versions.LastOrDefault();
            if (found is null)
            {
                return Error(HttpStatusCode.NotFound, "SecretNotFound",
                    $"A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.");
            }

            return found.Enabled
                ? (HttpStatusCode.OK, found.Bundle(Uri))
                : (HttpStatusCode.Forbidden, new { error = new { code = "Forbidden", message = "Operation get is not allowed on a disabled secret.", innererror = new { code = "SecretDisabled" } } });
        }
    }

    private static (HttpStatusCode, object) Challenge(HttpResponse response)
    {
        response.Headers.WWWAuthenticate = $"Bearer authorization=\"{Authority}\", resource=\"{Resource}\"";
        return Error(HttpStatusCode.Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
    }

    private (HttpStatusCode, object) Throttled(HttpResponse response)
    {
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(HttpStatusCode.TooManyRequests, "Throttled",
            "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached");
    }

    private static (HttpStatusCode, object) Error(HttpStatusCode status, string code, string message) =>
        (status, new { error = new { code, message } });

    private void Record(HttpRequest request, bool authorized, int status)
    {
        lock (_gate)
        {
            _requests.Add(new VaultRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", authorized, status, DateTimeOffset.UtcNow));
        }
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretName();

    private sealed record SecretVersion(string Name, string Version, string Value, bool Enabled, DateTimeOffset Created)
    {
        public object Item(Uri vault) => new { id = Id(vault), attributes = Attributes(), tags = new { } };

        public object Bundle(Uri vault) => new { value = Value, id = Id(vault), attributes = Attributes(), tags = new { } };

        private string Id(Uri vault) => $"{vault}secrets/{Name}/{Version}";

        private object Attributes() => new
        {
            enabled = Enabled,
            created = Created.ToUnixTimeSeconds(),
            updated = Created.ToUnixTimeSeconds(),
            recoveryLevel = "Recoverable+Purgeable",
            recoverableDays = 90,
        };
    }
}
