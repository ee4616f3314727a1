using System.Collections.Concurrent;
using System.Net;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Http;
using ContextStore.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// The API's own pipeline (<see cref="DependencyInjection.AddContextApi"/>, <see cref="ContextApiEndpoints.MapContextApi"/>)
/// on Kestrel, its keys in <see cref="LoopbackKeyVault"/> over HTTPS, its data in the local Cosmos server: 10,000
/// requests of made-up account ids cost the vault at most the budget of reads, while a known account's requests, made
/// at the same time and due for a read of its key, are all answered 200 or 204.
/// </summary>
[Collection(nameof(FloodLoad))]
public sealed class UnknownAccountFloodOverHttpTests : IAsyncLifetime
{
    private const string Token = "fixed-test-token";
    private const string Account = "le111";
    private const string Key = "key-of-111";
    private const int Budget = 50;
    private const int MadeUpAccounts = 10_000;
    private const int KnownAccountRequests = 400;
    private static readonly string SecretOfAccount = KeyVaultSecretNames.ForAccount(Account);

    private readonly ShiftableClock _clock = new();
    private LoopbackKeyVault? _vault;
    private WebApplication? _app;
    private HttpClient? _client;

    private LoopbackKeyVault Vault => _vault!;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        _vault = await LoopbackKeyVault.StartAsync(Token);
        Vault.SetSecret(SecretOfAccount, Key);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var settings = LocalCosmos.FreshContainerSettings();
        settings["KeyVault:Uri"] = Vault.Uri.ToString();
        settings["KeyVault:UnknownAccountReadsPerMinute"] = $"{Budget}";
        settings["KeyVault:ReadTimeout"] = "00:00:03";
        settings["KeyVault:RetryDelay"] = "00:00:00.020";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddSingleton(sp => SecretClientFor(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value));
        builder.Services.AddContextApi(builder.Configuration);

        _app = builder.Build();
        _app.MapContextApi();
        await _app.StartAsync();
        await _app.Services.GetRequiredService<ContextContainerCreation>().Created.WaitAsync(TimeSpan.FromSeconds(60));
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.Services.GetRequiredService<ContextContainer>().Container.DeleteContainerAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    [Fact]
    public async Task TenThousandRequestsOfMadeUpAccountsReadTheVaultWithinTheBudgetAndAKnownAccountIsAnsweredThroughout()
    {
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(Account, Key, 0));
        // The known account's key is due for a read again when the flood starts.
        _clock.Shift(TimeSpan.FromSeconds(31));

        var flood = new ConcurrentDictionary<HttpStatusCode, int>();
        var known = new ConcurrentDictionary<HttpStatusCode, int>();
        var random = new Random(5);
        var ids = Enumerable.Range(0, MadeUpAccounts).Select(i => $"{i:x5}-{random.Next():x8}").Select(id => InRandomCase(id, random)).ToList();
        await Task.WhenAll(
            Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (id, _) =>
                flood.AddOrUpdate(await SendAsync(id, "guess", 1), 1, (_, n) => n + 1)),
            Parallel.ForEachAsync(Enumerable.Range(1, KnownAccountRequests), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
                known.AddOrUpdate(await SendAsync(n % 2 == 0 ? Account : Account.ToUpperInvariant(), Key, n), 1, (_, count) => count + 1)))
            .WaitAsync(TimeSpan.FromMinutes(3));

        var madeUpReads = Vault.Requests.Count(r => r.Authorized && !r.Path.Equals($"/secrets/{SecretOfAccount}", StringComparison.OrdinalIgnoreCase));
        // The known account's first read took one of the minute's reads.
        Assert.Equal(Budget - 1, madeUpReads);
        Assert.Equal(Budget - 1, flood.GetValueOrDefault(HttpStatusCode.Forbidden));
        Assert.Equal(MadeUpAccounts - (Budget - 1), flood.GetValueOrDefault(HttpStatusCode.ServiceUnavailable));
        Assert.Equal(KnownAccountRequests, known.GetValueOrDefault(HttpStatusCode.OK) + known.GetValueOrDefault(HttpStatusCode.NoContent));
        Assert.Equal(2, Vault.Requests.Count(r => r.Authorized && r.Path.Equals($"/secrets/{SecretOfAccount}", StringComparison.OrdinalIgnoreCase)));

        static string InRandomCase(string id, Random random) =>
            string.Concat(id.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c));
    }

    /// <summary>Every other request a write (204), the others a read (200), of the account's one session.</summary>
    private async Task<HttpStatusCode> SendAsync(string account, string key, int n)
    {
        var path = $"/v1/account/{account}/flood/s1/properties";
        using var request = n % 2 == 0
            ? new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent($$"""{"n":{{n}}}""", System.Text.Encoding.UTF8, "application/json") }
            : new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("maven-api-key", key);
        using var response = await Client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 without Retry-After");
        }

        return response.StatusCode;
    }

    private SecretClient SecretClientFor(KeyVaultOptions options) => Vault.Client(options, new CountingTokenCredential(Token));
}
