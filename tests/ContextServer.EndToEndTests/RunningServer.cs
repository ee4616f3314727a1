using ContextStore.Cosmos;
using ContextStore.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ContextServer.EndToEndTests;

/// <summary>ContextServer itself, on Kestrel at a free loopback port, on a fresh container of the local Cosmos server.</summary>
public sealed class RunningServer : IRunningHost
{
    public const string AccountA = "le11111111";
    public const string AccountB = "le22222222";
    public const string KeyA = "key-of-account-a-3f9c";
    public const string KeyB = "key-of-account-b-7d21";

    private static readonly TimeSpan ContainerCreationLimit = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;

    private RunningServer(WebApplication app, HttpClient client, FakeTimeProvider clock)
    {
        _app = app;
        Client = client;
        Clock = clock;
    }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock { get; }

    // Each test starts its own server on a fresh container, so the fixed accounts are the test's own.
    string IRunningHost.AccountA => AccountA;

    string IRunningHost.AccountB => AccountB;

    public IServiceProvider Services => _app.Services;

    /// <param name="waitForContainer">
    /// Return once the server has created its container (in the background, as it does); false for a server started
    /// while Cosmos DB is out of reach.
    /// </param>
    public static async Task<RunningServer> StartAsync(
        Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settingOverrides = null,
        bool waitForContainer = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Dozens of servers start in one run; their request lines would bury the test results.
        builder.Logging.ClearProviders();
        var settings = LocalCosmos.FreshContainerSettings();
        settings[$"ApiKeys:{AccountA}"] = KeyA;
        settings[$"ApiKeys:{AccountB}"] = KeyB;
        settings["Sweeper:Enabled"] = "false";
        // The server's clock stands still unless a test moves it, so a token bucket on it would never refill; the
        // classes that test the rate limit turn it on with a budget of their own.
        settings["AccountRateLimit:Enabled"] = "false";
        foreach (var (key, value) in settingOverrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(clock);
        configureServices?.Invoke(builder.Services);
        builder.AddContextServer();

        var app = builder.Build();
        app.UseContextServer();
        await app.StartAsync();
        if (waitForContainer)
        {
            await app.Services.GetRequiredService<ContextContainerCreation>().Created.WaitAsync(ContainerCreationLimit);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new RunningServer(app, client, clock);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await _app.Services.GetRequiredService<ContextContainer>().Container.DeleteContainerAsync();
        }
        catch (Exception e) when (e is Microsoft.Azure.Cosmos.CosmosException or HttpRequestException)
        {
            // A test that pointed the server at no Cosmos DB has no container to remove.
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A request with account A's key, unless another key (or none) is given.</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string? apiKey = KeyA, Action<HttpRequestMessage>? configure = null) =>
        Client.SendAsync(ApiRequests.Create(method, path, body, apiKey, configure));
}
