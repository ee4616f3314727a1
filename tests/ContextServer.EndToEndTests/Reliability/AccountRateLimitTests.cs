using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>
/// Two accounts under load over HTTP, each with a budget of 100 requests and 10 more per minute of the server's clock
/// (which stands still unless the test moves it, so every count is exact): the noisy account gets its budget and 429s
/// for the rest, the other account all of its requests, whatever their order on the wire.
/// </summary>
[ContextServerOnly("moves the server's clock to refill the budget")]
public sealed class AccountRateLimitTests : IAsyncLifetime
{
    private const int Budget = 100;
    private const int NoisyRequests = 1_000;

    private RunningServer? _server;

    private RunningServer Server => _server!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
    {
        ["AccountRateLimit:Enabled"] = "true",
        ["AccountRateLimit:TokenLimit"] = $"{Budget}",
        ["AccountRateLimit:TokensPerPeriod"] = "10",
        ["AccountRateLimit:ReplenishmentPeriod"] = "00:01:00",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task ANoisyAccountGets429sWhileAnotherAccountUnderLoadGetsNone()
    {
        // The noisy account under every spelling of its id: one budget.
        var noisy = Enumerable.Range(0, NoisyRequests)
            .Select(i => Request(i % 2 == 0 ? RunningServer.AccountA : RunningServer.AccountA.ToUpperInvariant(), RunningServer.KeyA, i));
        var quiet = Enumerable.Range(0, Budget).Select(i => Request(RunningServer.AccountB, RunningServer.KeyB, i));
        var answers = new ConcurrentBag<Answer>();

        await Task.WhenAll(
            Parallel.ForEachAsync(noisy, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (r, _) => answers.Add(await SendAsync("noisy", r))),
            Parallel.ForEachAsync(quiet, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (r, _) => answers.Add(await SendAsync("quiet", r))));

        var noisyAnswers = answers.Where(a => a.Who == "noisy").ToList();
        var quietAnswers = answers.Where(a => a.Who == "quiet").ToList();
        Assert.Equal(Budget, noisyAnswers.Count(a => a.Status is HttpStatusCode.OK or HttpStatusCode.NoContent));
        Assert.Equal(NoisyRequests - Budget, noisyAnswers.Count(a => a.Status == HttpStatusCode.TooManyRequests));
        Assert.All(quietAnswers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"the quiet account got {(int)a.Status}"));
        Assert.Equal(Budget, quietAnswers.Count);

        // One request per six seconds of the clock comes back: 10 a minute.
        var refused = noisyAnswers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.All(refused, a => Assert.Equal(TimeSpan.FromSeconds(6), a.RetryAfter));
        Assert.All(refused, a => Assert.False(string.IsNullOrWhiteSpace(a.Message)));

        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterAMinute = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            afterAMinute.Add((await SendAsync("noisy", Request(RunningServer.AccountA, RunningServer.KeyA, i))).Status);
        }

        Assert.Equal(10, afterAMinute.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, afterAMinute[^1]);
    }

    [Fact]
    public async Task WrongKeysForAnAccountSpendNothingOfItsBudget()
    {
        for (var i = 0; i < 2 * Budget; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("stranger", Request(RunningServer.AccountA, "not-the-key", i))).Status);
        }

        var own = new List<HttpStatusCode>();
        for (var i = 0; i < Budget; i++)
        {
            own.Add((await SendAsync("owner", Request(RunningServer.AccountA, RunningServer.KeyA, i))).Status);
        }

        Assert.All(own, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.NoContent, $"the account's own request got {(int)s}"));
    }

    /// <summary>Mostly reads, every fourth a write, of a few sessions of the account.</summary>
    private static (HttpMethod Method, string Path, string? Body, string Key) Request(string account, string key, int i) =>
        i % 4 == 0
            ? (HttpMethod.Patch, $"/v1/account/{account}/load/s{i % 8}/properties", $$"""{"n":{{i}}}""", key)
            : (HttpMethod.Get, $"/v1/account/{account}/load/s{i % 8}/properties", null, key);

    private async Task<Answer> SendAsync(string who, (HttpMethod Method, string Path, string? Body, string Key) request)
    {
        using var response = await Server.SendAsync(request.Method, request.Path, request.Body, request.Key);
        var body = await response.Content.ReadAsStringAsync();
        string? message = null;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(body);
            message = json.RootElement.GetProperty("message").GetString();
        }

        return new Answer(who, response.StatusCode, response.Headers.RetryAfter?.Delta, message);
    }

    private sealed record Answer(string Who, HttpStatusCode Status, TimeSpan? RetryAfter, string? Message);
}
