using System.Net;
using System.Text;
using ContextServer.EndToEndTests;

namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>
/// A brand's context written into a server through the API: registered namespaces with and without a TTL, one
/// that is not registered, namespace properties, many pages of sessions with unicode and exact big numbers, session
/// TTLs, and large sessions (about 700 KB each).
/// </summary>
public static class SeededContext
{
    public const string Orders = "orders";
    public const string Bots = "bots";
    public const string Unregistered = "unregistered";
    public const int OrderSessions = 230;
    public const int LargeSessions = 3;
    public const int LargeSessionBytes = 700_000;

    /// <summary>Properties whose numbers no double holds, with characters beyond ASCII and nesting.</summary>
    public static string OrderProperties(int i) =>
        $$"""{"orderId":"o-{{i}}","total":12345678901234567890{{i % 10}},"huge":1e400,"price":1.50,"zero":-0,"customer":"Zoë Ångström 東京 🚀 #{{i}}","escaped":"line\nbreak \"quoted\" \u0001","lines":[{"sku":"A-{{i}}","qty":3},{"sku":"B","qty":null}],"paid":{{(i % 2 == 0 ? "true" : "false")}}}""";

    public static string SessionId(int i) => $"conv-{i:D4}-ü";

    public static async Task SeedAsync(RunningServer server)
    {
        await Ok(server.SendAsync(HttpMethod.Post, Path("?ttlSecond=3600"), $$"""{"name":"{{Orders}}"}"""));
        await Ok(server.SendAsync(HttpMethod.Post, Path(""), $$"""{"name":"{{Bots}}"}"""));
        await Ok(server.SendAsync(HttpMethod.Patch, Path($"/{Orders}/properties"), """{"region":"emea","limit":98765432109876543210,"note":"Grüße"}"""));

        await Parallel.ForEachAsync(Enumerable.Range(0, OrderSessions), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var id = Uri.EscapeDataString(SessionId(i));
            if (i % 7 == 0)
            {
                await Ok(server.SendAsync(HttpMethod.Post, Path($"/namespace/{Orders}/session?ttlSecond={600 + i}"), $$"""{"sessionId":"{{SessionId(i)}}"}"""));
            }

            await Ok(server.SendAsync(HttpMethod.Patch, Path($"/{Orders}/{id}/properties"), OrderProperties(i)));
        });

        for (var i = 0; i < LargeSessions; i++)
        {
            await Ok(server.SendAsync(HttpMethod.Patch, Path($"/{Bots}/large-{i}/properties"), LargeProperties(i)));
        }

        await Ok(server.SendAsync(HttpMethod.Post, Path($"/namespace/{Bots}/session?ttlSecond=86400"), """{"sessionId":"large-0"}"""));
        for (var i = 0; i < 5; i++)
        {
            await Ok(server.SendAsync(HttpMethod.Patch, Path($"/{Unregistered}/s{i}/properties"), $$"""{"n":{{i}},"text":"ß{{i}}"}"""));
        }
    }

    /// <summary>About <see cref="LargeSessionBytes"/> of properties: a long text, and many small values.</summary>
    public static string LargeProperties(int i)
    {
        var body = new StringBuilder($$"""{"transcript":"{{new string((char)('a' + i), LargeSessionBytes / 2)}}","turns":[""");
        for (var turn = 0; body.Length < LargeSessionBytes - 40; turn++)
        {
            body.Append(turn == 0 ? "" : ",").Append($$"""{"t":{{turn}},"v":0.1000000000000000055511151231257827}""");
        }

        return body.Append("]}").ToString();
    }

    public static string Path(string rest) => $"/v1/account/{RunningServer.AccountA}{rest}";

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
