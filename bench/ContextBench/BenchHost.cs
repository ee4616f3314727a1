using System.Net;
using System.Net.Http.Headers;
using ContextServer;
using ContextStore.Cosmos;
using ContextStore.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace ContextBench;

/// <summary>
/// ContextServer in-process on Kestrel at a free loopback port (as tests/ContextServer.EndToEndTests/RunningServer.cs
/// starts it: fresh container, one API key, no logging, sweeper off), an HTTP client to it, and a raw
/// <see cref="CosmosClient"/> built by the same factory from the same options, on the same container.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string Account = "le12345678";
    public const string ApiKey = "bench-key-5c1e9a";

    /// <summary>A second account, the one the hot-session part reads while <see cref="Account"/> bursts.</summary>
    public const string OtherAccount = "le87654321";
    public const string OtherApiKey = "bench-key-other-7d2f4b";

    private readonly WebApplication _app;
    private readonly SocketsHttpHandler _handler;

    private BenchHost(WebApplication app, SocketsHttpHandler handler, HttpClient http, CosmosRequestCounter serverCounter,
        CosmosClient rawClient, CosmosRequestCounter rawCounter, CosmosOptions options)
    {
        _app = app;
        _handler = handler;
        Load = new HttpMessageInvoker(handler, disposeHandler: false);
        Http = http;
        ServerCounter = serverCounter;
        RawClient = rawClient;
        RawCounter = rawCounter;
        Options = options;
        RawContainer = rawClient.GetContainer(options.Database, options.Container);
    }

    /// <summary>For set-up and single calls: the API key and Accept are default headers.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// For load, on the same connections: no per-request timeout timer and no copy of default headers, so the load
    /// generator takes as little as it can of the cores it shares with the server. Requests carry their own headers.
    /// </summary>
    public HttpMessageInvoker Load { get; }

    /// <summary>Every Cosmos DB request the server makes.</summary>
    public CosmosRequestCounter ServerCounter { get; }

    public CosmosClient RawClient { get; }

    public CosmosRequestCounter RawCounter { get; }

    public Container RawContainer { get; }

    public CosmosOptions Options { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="cosmosEndpoint">Where both the server and the raw client reach Cosmos DB; the local server when null.</param>
    public static async Task<BenchHost> StartAsync(int concurrency, Uri? cosmosEndpoint = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var settings = LocalCosmos.FreshContainerSettings();
        settings["Cosmos:Database"] = "context-bench";
        settings["Cosmos:Container"] = $"bench-{Guid.NewGuid():N}";
        settings[$"ApiKeys:{Account}"] = ApiKey;
        settings[$"ApiKeys:{OtherAccount}"] = OtherApiKey;
        settings["Sweeper:Enabled"] = "false";
        // The bench measures what an instance can serve; the per-account rate limit would measure its own setting.
        settings["AccountRateLimit:Enabled"] = "false";
        if (cosmosEndpoint is not null)
        {
            settings["Cosmos:Endpoint"] = cosmosEndpoint.ToString();
        }
        builder.Configuration.AddInMemoryCollection(settings);

        var serverCounter = new CosmosRequestCounter();
        builder.Services.AddSingleton<RequestHandler>(serverCounter);
        builder.AddContextServer();

        var app = builder.Build();
        // The limit first, then routing where WebApplication would have put it, then the API exactly as ContextServer runs it.
        app.UseBaselineEndpoints(app.Services.GetRequiredService<ContextContainer>().Container);
        app.UseRouting();
        app.UseContextServer();
        await app.StartAsync();
        // The server creates its container in the background; the raw client below needs it now.
        await app.Services.GetRequiredService<ContextContainerCreation>().Created;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = Math.Max(concurrency, 2),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        var http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = new Uri(address),
        };
        http.DefaultRequestHeaders.Add("maven-api-key", ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var options = app.Services.GetRequiredService<IOptions<CosmosOptions>>().Value;
        var rawCounter = new CosmosRequestCounter();
        var rawClient = CosmosClientFactory.Create(options, [rawCounter]);
        return new BenchHost(app, handler, http, serverCounter, rawClient, rawCounter, options);
    }

    /// <summary>The server's own client (counted by <see cref="ServerCounter"/>).</summary>
    public CosmosClient ServerClient => _app.Services.GetRequiredService<CosmosClient>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Load.Dispose();
        _handler.Dispose();
        try
        {
            await RawContainer.DeleteContainerAsync();
        }
        catch (CosmosException)
        {
            // Already gone.
        }

        RawClient.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
