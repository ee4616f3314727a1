using System.Text;
using System.Text.Json;
using ContextServer.EndToEndTests.Reliability;

namespace ContextServer.EndToEndTests;

/// <summary>
/// Every name a write accepts can be addressed by every operation on it: a name is either refused by every write
/// that could give it, or it can be read, listed and deleted on every route. Requests go byte for byte, the name's
/// UTF-8 percent-encoded once (unreserved characters as they are), as a client following RFC 3986 sends it.
/// </summary>
public class NameCorpusTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>
        {
            ".", "..", "...", ".a", "a.", "%", "%%", "%2F", "%2f", "%252F", "%5C", "%C3", "%2E", "%zz", "50%", "%00",
            "a b", " lead", "trail ", "a,b", "é", "日本語", "😀", "\u00A0", "\u2028", "\uFEFF", "\u0001", "\u007F",
            "properties", "session-ids", "session-properties", "Properties", "__default__x",
            new string('n', 256), new string('n', 257), string.Concat(Enumerable.Repeat("😀", 128)), string.Concat(Enumerable.Repeat("😀", 129)),
        };
        for (var c = ' '; c <= '~'; c++)
        {
            names.Add(c.ToString());
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task APropertyNameIsRefusedByEveryWriteOrWorksOnEveryReadAndDelete(string name)
    {
        var key = JsonSerializer.Serialize(name);
        var writes = new[]
        {
            await Send("PATCH", "/corpus/s/properties", $"{{{key}:1}}"),
            await Send("PUT", $"/corpus/s/properties/{Segment(name)}", "2"),
            await Send("PATCH", "/corpus/properties", $"{{{key}:1}}"),
            await Send("PUT", $"/corpus/properties/{Segment(name)}", "2"),
        };

        if (AllRefused(writes, name, AllowedByTheContract(name, asSessionId: false)))
        {
            Assert.Equal("{}", (await Send("GET", "/corpus/s/properties")).Body);
            Assert.Equal("{}", (await Send("GET", "/corpus/properties")).Body);
            return;
        }

        foreach (var properties in new[] { "/corpus/s/properties", "/corpus/properties" })
        {
            using (var all = JsonDocument.Parse(Expect(200, await Send("GET", properties))))
            {
                Assert.Equal(2, all.RootElement.GetProperty(name).GetInt32());
            }

            Assert.Equal("2", Expect(200, await Send("GET", $"{properties}/{Segment(name)}")));
            Expect(204, await Send("DELETE", $"{properties}/{Segment(name)}"));
            Expect(404, await Send("GET", $"{properties}/{Segment(name)}"));
            Assert.Equal("{}", Expect(200, await Send("GET", properties)));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task ASessionIdIsRefusedByEveryWriteOrWorksOnEveryReadListingAndDelete(string name)
    {
        var session = $"/corpus/{Segment(name)}/properties";
        var writes = new[]
        {
            await Send("PATCH", session, """{"a":1}"""),
            await Send("PUT", $"{session}/b", "2"),
            await Send("POST", "/namespace/corpus/session?ttlSecond=600", $$"""{"sessionId":{{JsonSerializer.Serialize(name)}}}"""),
        };

        if (AllRefused(writes, name, AllowedByTheContract(name, asSessionId: true)))
        {
            Assert.Equal("[]", (await Send("GET", "/corpus/session-ids")).Body);
            Assert.Equal("[]", (await Send("GET", "/namespace/corpus/session")).Body);
            return;
        }

        Assert.Equal("""{"a":1,"b":2}""", Expect(200, await Send("GET", session)));
        Assert.Equal("2", Expect(200, await Send("GET", $"{session}/b")));
        Assert.Equal([name], Strings(Expect(200, await Send("GET", "/corpus/session-ids")), e => e));
        Assert.Equal([name], Strings(Expect(200, await Send("GET", "/corpus/session-properties")), e => e.GetProperty("sessionId")));
        Assert.Equal([name], Strings(Expect(200, await Send("GET", "/namespace/corpus/session")), e => e.GetProperty("sessionId")));

        Expect(204, await Send("DELETE", $"{session}/b"));
        Expect(404, await Send("GET", $"{session}/b"));
        Expect(204, await Send("DELETE", session));
        Assert.Equal("{}", Expect(200, await Send("GET", session)));
        Assert.Equal([name], Strings(Expect(200, await Send("GET", "/namespace/corpus/session")), e => e.GetProperty("sessionId")));
        Expect(204, await Send("DELETE", $"/namespace/corpus/session/{Segment(name)}"));
        Assert.Equal("[]", Expect(200, await Send("GET", "/namespace/corpus/session")));
    }

    /// <summary>The name's UTF-8 with every byte but RFC 3986's unreserved characters percent-encoded.</summary>
    private static string Segment(string name)
    {
        var segment = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                segment.Append((char)b);
            }
            else
            {
                segment.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return segment.ToString();
    }

    /// <summary>The contract's rule for the name (docs/contract.md, "Names and limits"), as the oracle.</summary>
    private static bool AllowedByTheContract(string name, bool asSessionId) =>
        name.Length is >= 1 and <= 256
        && !name.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#')
        && name is not "." and not ".."
        && !(asSessionId && new[] { "properties", "session-ids", "session-properties" }.Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// True when every write refused the name (400; or 404 where a dot segment leaves a path that no route of the
    /// Functions host takes), false when every write took it; a mix, or an answer the contract's rule does not
    /// give, fails the test.
    /// </summary>
    private static bool AllRefused(RawResponse[] writes, string name, bool allowed)
    {
        var refused = writes.Count(w => w.Status is 400 or 404);
        var taken = writes.Count(w => w.Status == 204);
        var answers = string.Join(", ", writes.Select(w => $"{w.Status} {w.Body}"));
        Assert.True(refused == writes.Length || taken == writes.Length, $"'{name}': {answers}");
        Assert.True(allowed == (taken == writes.Length), $"'{name}' is {(allowed ? "allowed" : "not allowed")} by the contract: {answers}");
        return refused == writes.Length;
    }

    private static string Expect(int status, RawResponse response)
    {
        Assert.True(status == response.Status, $"expected {status}, got {response.Status}: {response.Body}");
        return response.Body;
    }

    private static List<string?> Strings(string json, Func<JsonElement, JsonElement> value)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => value(e).GetString()).ToList();
    }

    private Task<RawResponse> Send(string method, string path, string? body = null) =>
        RawHttp.SendAsync(
            Server.Client.BaseAddress!,
            new RawRequest(
                method,
                A + path,
                [("maven-api-key", RunningServer.KeyA), ("Content-Type", "application/json")],
                body is null ? (method is "GET" or "DELETE" ? null : []) : Encoding.UTF8.GetBytes(body)),
            CancellationToken.None);
}
