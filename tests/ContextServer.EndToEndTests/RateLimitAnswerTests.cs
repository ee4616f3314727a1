using System.Net;
using System.Text.Json;

namespace ContextServer.EndToEndTests;

/// <summary>
/// The contract's 429 on a host whose per-account limit is tiny (3 requests, then one an hour): the answer's status,
/// JSON message and <c>Retry-After</c>; the account's other spellings share its budget, another account keeps its own,
/// and a wrong key is refused with 403 before any budget is looked at.
/// </summary>
public class RateLimitAnswerTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    public const int Budget = 3;

    /// <summary>The settings of a host under test here: a fresh host per test, so each test starts with full budgets.</summary>
    public static Dictionary<string, string?> TinyLimit() => new()
    {
        ["AccountRateLimit:Enabled"] = "true",
        ["AccountRateLimit:TokenLimit"] = $"{Budget}",
        ["AccountRateLimit:TokensPerPeriod"] = "1",
        ["AccountRateLimit:ReplenishmentPeriod"] = "01:00:00",
    };

    protected override async Task<IRunningHost> StartHostAsync() => await RunningServer.StartAsync(settingOverrides: TinyLimit());

    [Fact]
    public async Task ARequestOverTheAccountsBudgetIsAnswered429WithRetryAfterAndAMessage()
    {
        for (var i = 0; i < Budget; i++)
        {
            await AssertJson(Get($"{A}/ns/s1/properties"), HttpStatusCode.OK);
        }

        using var refused = await Get($"{A}/ns/s1/properties");
        var body = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("message").ValueKind);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(3590), TimeSpan.FromHours(1));
        await AssertError(Patch($"{A}/ns/s1/properties", """{"a":1}"""), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task EverySpellingOfTheAccountSharesItsBudgetAndAnotherAccountKeepsItsOwn()
    {
        var spellings = new[] { Server.AccountA, Server.AccountA.ToUpperInvariant(), Server.AccountA.ToUpperInvariant()[..1] + Server.AccountA[1..] };
        foreach (var spelling in spellings)
        {
            await AssertJson(Get($"/v1/account/{spelling}/ns/s1/properties"), HttpStatusCode.OK);
        }

        await AssertError(Get($"/v1/account/{Server.AccountA.ToUpperInvariant()}/ns/s1/properties"), HttpStatusCode.TooManyRequests);
        await AssertJson(Get($"/v1/account/{Server.AccountB}/ns/s1/properties", RunningServer.KeyB), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AWrongKeyIsRefusedWith403AndSpendsNothingOfTheAccountsBudget()
    {
        for (var i = 0; i < 2 * Budget; i++)
        {
            await AssertError(Get($"{A}/ns/s1/properties", apiKey: "not-the-key"), HttpStatusCode.Forbidden);
        }

        for (var i = 0; i < Budget; i++)
        {
            await AssertJson(Get($"{A}/ns/s1/properties"), HttpStatusCode.OK);
        }

        await AssertError(Get($"{A}/ns/s1/properties", apiKey: "not-the-key"), HttpStatusCode.Forbidden);
        await AssertError(Get($"{A}/ns/s1/properties"), HttpStatusCode.TooManyRequests);
    }
}
