using System.Text;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>
/// The bad-input corpus: hostile or malformed requests, each aimed at the data that <see cref="BadInputCorpusTests"/>
/// stores first (namespace <c>known</c>, sessions <c>s1</c> and <c>s3</c>, namespace <c>other</c>, account B).
/// Every one of them must be refused with a 4xx and change nothing.
/// </summary>
public static class HostileRequests
{
    private const string A = "/v1/account/" + RunningServer.AccountA;
    private const string B = "/v1/account/" + RunningServer.AccountB;
    private const string S1 = A + "/known/s1/properties";

    /// <summary>Requests the application refuses: a 4xx with a JSON <c>message</c> (HEAD: the status only).</summary>
    public static IReadOnlyDictionary<string, RawRequest> All { get; } = Build();

    /// <summary>
    /// Requests Kestrel refuses while parsing HTTP, before any application code runs: it answers 400 (431 for
    /// oversized headers) with an empty body and closes the connection. No hook lets the application write
    /// the contract's JSON there, so only the status, the unchanged data and the server's health are checked.
    /// </summary>
    public static IReadOnlyDictionary<string, RawRequest> RefusedByKestrel { get; } = new Dictionary<string, RawRequest>
    {
        ["encoded NUL in a property name"] = Json("PUT", S1 + "/a%00", "2"),
        ["raw byte 0xFF in the target"] = Json("PATCH", A + "/known/s\u00FF/properties", """{"a":2}"""),
        ["raw space in the target"] = Json("PATCH", A + "/known/s 1/properties", """{"a":2}"""),
        ["invalid UTF-8 in maven-api-key"] = Json("PATCH", S1, """{"a":2}""", key: "key-\u00FF\u00FE"),
        ["64 KB maven-api-key"] = Json("PATCH", S1, """{"a":2}""", key: new string('k', 64 * 1024)),
    };

    /// <summary>Bodies that are not valid UTF-8: accepted today with a 204, the bad bytes stored as U+FFFD.</summary>
    public static IReadOnlyDictionary<string, RawRequest> InvalidUtf8Bodies { get; } = new Dictionary<string, RawRequest>
    {
        ["invalid UTF-8 in a value"] = Bytes("PATCH", S1, [.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\"}"u8]),
        ["overlong UTF-8 in a value"] = Bytes("PATCH", S1, [.. "{\"a\":\""u8, 0xC0, 0xAF, .. "\"}"u8]),
    };

    /// <summary>Lone surrogates, UTF-8-encoded or escaped: answered 500 today.</summary>
    public static IReadOnlyDictionary<string, RawRequest> LoneSurrogateBodies { get; } = new Dictionary<string, RawRequest>
    {
        ["UTF-8-encoded surrogate in a name"] = Bytes("PATCH", S1, [.. "{\""u8, 0xED, 0xA0, 0x80, .. "\":1}"u8]),
        ["escaped lone surrogate in a PATCH name"] = Json("PATCH", S1, """{"a\ud800":2}"""),
        ["escaped lone surrogate in a PUT value"] = Json("PUT", S1 + "/a", "\"\\udc00\""),
        ["escaped lone surrogate in a registration"] = Json("POST", A, """{"name":"\udc00"}"""),
        ["escaped lone surrogate in a TTL session id"] = Json("POST", A + "/namespace/known/session?ttlSecond=5", """{"sessionId":"\ud800"}"""),
    };

    /// <summary>Percent-encoded bytes that are not UTF-8: the router leaves them encoded, and they are stored as a literal name today.</summary>
    public static IReadOnlyDictionary<string, RawRequest> UndecodableNames { get; } = new Dictionary<string, RawRequest>
    {
        ["encoded invalid UTF-8 in a session id"] = Json("PATCH", A + "/known/%FF%FE/properties", """{"a":2}"""),
        ["encoded invalid UTF-8 in a property name"] = Json("PUT", S1 + "/a%C3", "2"),
    };

    public static TheoryData<string> Names => NamesOf(All);

    public static TheoryData<string> NamesRefusedByKestrel => NamesOf(RefusedByKestrel);

    private static TheoryData<string> NamesOf(IReadOnlyDictionary<string, RawRequest> requests)
    {
        var names = new TheoryData<string>();
        foreach (var name in requests.Keys)
        {
            names.Add(name);
        }

        return names;
    }

    private static Dictionary<string, RawRequest> Build()
    {
        var deepArray = new string('[', 65) + new string(']', 65);
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65);
        var veryDeep = new string('[', 10_000) + new string(']', 10_000);
        var twoMebibyteString = $$"""{"big":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        var longName = new string('n', 257);

        var corpus = new Dictionary<string, RawRequest>
        {
            // Malformed JSON.
            ["truncated object"] = Json("PATCH", S1, """{"a":2"""),
            ["object cut after the colon"] = Json("PATCH", S1, """{"a":"""),
            ["trailing comma"] = Json("PATCH", S1, """{"a":2,}"""),
            ["single-quoted names"] = Json("PATCH", S1, "{'a':2}"),
            ["unquoted names"] = Json("PATCH", S1, "{a:2}"),
            ["two JSON values"] = Json("PATCH", S1, """{"a":2}{"b":3}"""),
            ["duplicate names"] = Json("PATCH", S1, """{"a":1,"a":2}"""),
            ["NaN literal"] = Json("PATCH", S1, """{"a":NaN}"""),
            ["comment after the value"] = Json("PATCH", S1, """{"a":2} // set a"""),
            ["truncated array on PUT"] = Json("PUT", S1 + "/a", "[1,2"),
            ["bare word on PUT"] = Json("PUT", S1 + "/a", "undefined"),
            ["truncated namespace registration"] = Json("POST", A, """{"name":"known"""),

            // Wrong types.
            ["array as PATCH body"] = Json("PATCH", S1, "[1,2]"),
            ["string as PATCH body"] = Json("PATCH", S1, "\"text\""),
            ["null as PATCH body"] = Json("PATCH", S1, "null"),
            ["empty PATCH body"] = Json("PATCH", S1, ""),
            ["empty PUT body"] = Json("PUT", S1 + "/a", ""),
            ["number as namespace name"] = Json("POST", A, """{"name":123}"""),
            ["registration without a name"] = Json("POST", A, "{}"),
            ["array as registration"] = Json("POST", A, """["known"]"""),
            ["number as session id of a TTL"] = Json("POST", A + "/namespace/known/session?ttlSecond=5", """{"sessionId":42}"""),
            ["string as TTL body"] = Json("POST", A + "/namespace/known/session?ttlSecond=5", "\"s1\""),

            // Depth and size.
            ["arrays nested 65 levels"] = Json("PUT", S1 + "/a", deepArray),
            ["objects nested 65 levels"] = Json("PATCH", S1, $$"""{"a":{{deepObject}}}"""),
            ["arrays nested 10,000 levels"] = Json("PUT", S1 + "/a", veryDeep),
            ["2 MiB PUT body"] = Json("PUT", S1 + "/a", twoMebibyteString),
            ["2 MiB PATCH body, chunked"] = Chunked("PATCH", S1, Encoding.UTF8.GetBytes(twoMebibyteString)),
            ["2 MiB namespace registration"] = Json("POST", A, twoMebibyteString),
            ["chunk size beyond a long"] = Raw("PATCH", S1, Encoding.ASCII.GetBytes("ffffffffffffffffff\r\n{\"a\":2}\r\n0\r\n\r\n"),
                ("Transfer-Encoding", "chunked"), ("Content-Type", "application/json"), Key()),
            ["vertical tab before an If-Match ETag"] = Raw("PATCH", S1, """{"a":2}"""u8.ToArray(),
                ("If-Match", "\v\"x\""), ("Content-Type", "application/json"), Key()),
            ["form feed after an If-Match ETag"] = Raw("PUT", S1 + "/a", "2"u8.ToArray(),
                ("If-Match", "\"x\"\f"), ("Content-Type", "application/json"), Key()),
            ["stray percent sign in include"] = Json("GET", S1 + "?include=%ZZ", null),
            ["'.' as a PATCH property name"] = Json("PATCH", S1, """{".":2}"""),
            ["'..' as a PATCH property name"] = Json("PATCH", S1, """{"..":2}"""),
            ["malformed chunk size"] = Raw("PATCH", S1, Encoding.ASCII.GetBytes("zz\r\n{\"a\":2}\r\n0\r\n\r\n"),
                ("Transfer-Encoding", "chunked"), ("Content-Type", "application/json"), Key()),

            // Invalid UTF-8 and text that is not UTF-8 JSON.
            ["UTF-16 body"] = Raw("PATCH", S1, Encoding.Unicode.GetBytes("""{"a":2}"""), ("Content-Type", "application/json; charset=utf-16"), Key()),
            ["form-encoded body"] = Raw("PATCH", S1, "a=2"u8.ToArray(), ("Content-Type", "application/x-www-form-urlencoded"), Key()),
            ["XML body"] = Raw("PUT", S1 + "/a", "<a>2</a>"u8.ToArray(), ("Content-Type", "application/xml"), Key()),
            ["multipart body"] = Raw("PATCH", S1, "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--x--\r\n"u8.ToArray(),
                ("Content-Type", "multipart/form-data; boundary=x"), Key()),

            // Property names in bodies.
            ["slash in a PATCH property name"] = Json("PATCH", S1, """{"a/b":2}"""),
            ["dot-dot-slash in a PATCH property name"] = Json("PATCH", S1, """{"../a":2}"""),
            ["empty PATCH property name"] = Json("PATCH", S1, """{"":2}"""),
            ["control character in a PATCH property name"] = Json("PATCH", S1, """{"a\u0001":2}"""),
            ["257-character PATCH property name"] = Json("PATCH", S1, $$"""{"{{longName}}":2}"""),
            ["dot-dot-slash in a TTL session id"] = Json("POST", A + "/namespace/known/session?ttlSecond=5", """{"sessionId":"../s1"}"""),
            ["dot-dot-slash in a namespace registration"] = Json("POST", A, """{"name":"../known"}"""),

            // Names in the path: traversal, encoded separators, control characters, reserved and oversized names.
            ["raw dot-dot-slash into account B"] = Get(A + "/known/../../" + RunningServer.AccountB + "/known/s1/properties"),
            ["raw dot-dot-slash write into account B"] = Json("PUT", A + "/../" + RunningServer.AccountB + "/known/s1/properties/a", "2"),
            ["encoded dot-dot-slash in a property name"] = Json("PUT", S1 + "/..%2F..%2Fa", "2"),
            ["lower-case encoded slash in a property name"] = Json("PUT", S1 + "/a%2fb", "2"),
            ["encoded backslash in a property name"] = Json("PUT", S1 + "/a%5Cb", "2"),
            ["encoded dot-dot-slash in a session id"] = Get(A + "/known/%2E%2E%2Fs1/properties"),
            ["encoded slash in a session id"] = Json("PATCH", A + "/known/s%2F1/properties", """{"a":2}"""),
            ["encoded question mark in a property name"] = Json("PUT", S1 + "/a%3Fb", "2"),
            ["encoded hash in a session id"] = Json("PATCH", A + "/known/s%231/properties", """{"a":2}"""),
            ["encoded control character in a session id"] = Json("PATCH", A + "/known/s%01/properties", """{"a":2}"""),
            ["encoded newline in a property name"] = Json("PUT", S1 + "/a%0D%0Ab", "2"),
            ["encoded DEL in a property name"] = Json("DELETE", S1 + "/a%7F", null),
            ["encoded slash in an include list"] = Get(S1 + "?include=a%2Fb"),
            ["reserved session id session-ids"] = Json("PATCH", A + "/known/session-ids/properties", """{"a":2}"""),
            ["257-character session id"] = Get($"{A}/known/{longName}/properties"),
            ["257-character property name in the path"] = Json("PUT", $"{S1}/{longName}", "2"),
            ["129-character namespace"] = Json("PATCH", $"{A}/{new string('n', 129)}/s1/properties", """{"a":2}"""),
            ["non-ASCII namespace"] = Get(A + "/caf%C3%A9/properties"),
            ["dot in a namespace"] = Json("DELETE", A + "/known.bak", null),
            ["reserved namespace Consumer on PATCH"] = Json("PATCH", A + "/Consumer/s1/properties", """{"a":2}"""),
            ["reserved namespace oPERATIONAL on PUT"] = Json("PUT", A + "/oPERATIONAL/properties/a", "2"),
            ["reserved namespace ConVerSation on GET"] = Get(A + "/ConVerSation/s1/properties"),
            ["reserved namespace CUSTOM on DELETE"] = Json("DELETE", A + "/CUSTOM", null),
            ["reserved namespace Sde on listing"] = Get(A + "/Sde/session-ids"),
            ["reserved namespace fAaS on TTL"] = Json("POST", A + "/namespace/fAaS/session?ttlSecond=5", """{"sessionId":"s1"}"""),
            ["reserved namespace Namespace registered"] = Json("POST", A, """{"name":"Namespace"}"""),
            ["account id with an underscore"] = Get("/v1/account/le_11111111/known/s1/properties"),
            ["65-character account id"] = Get($"/v1/account/{new string('1', 65)}/known/s1/properties"),

            // Query parameters.
            ["huge perPage"] = Get(A + "/known/session-ids?perPage=1000000"),
            ["perPage past Int64"] = Get(A + "/known/session-properties?perPage=99999999999999999999"),
            ["zero perPage"] = Get(A + "/known/session-ids?perPage=0"),
            ["negative perPage"] = Get(A + "/known/session-ids?perPage=-1"),
            ["negative page"] = Get(A + "/known/session-properties?page=-1"),
            ["fractional page"] = Get(A + "/known/session-ids?page=1.5"),
            ["negative ttlSecond on registration"] = Json("POST", A + "?ttlSecond=-1", """{"name":"known"}"""),
            ["ttlSecond past Int32 on registration"] = Json("POST", A + "?ttlSecond=2147483648", """{"name":"known"}"""),
            ["ttlSecond past Int64 on registration"] = Json("POST", A + "?ttlSecond=99999999999999999999", """{"name":"known"}"""),
            ["ttlSecond in exponent form"] = Json("POST", A + "?ttlSecond=1e3", """{"name":"known"}"""),
            ["empty ttlSecond"] = Json("POST", A + "?ttlSecond=", """{"name":"known"}"""),
            ["negative session ttlSecond"] = Json("POST", A + "/namespace/known/session?ttlSecond=-5", """{"sessionId":"s3"}"""),
            ["session ttlSecond past UInt32"] = Json("POST", A + "/namespace/known/session?ttlSecond=4294967296", """{"sessionId":"s3"}"""),
            ["session TTL without ttlSecond"] = Json("POST", A + "/namespace/known/session", """{"sessionId":"s3"}"""),

            // API keys.
            ["missing maven-api-key"] = Json("PATCH", S1, """{"a":2}""", key: null),
            ["empty maven-api-key"] = Json("PATCH", S1, """{"a":2}""", key: ""),
            ["duplicate maven-api-key"] = Raw("PATCH", S1, """{"a":2}"""u8.ToArray(), ("Content-Type", "application/json"), Key(), Key()),
            ["maven-api-key of account B"] = Json("PATCH", S1, """{"a":2}""", key: RunningServer.KeyB),
            ["maven-api-key in upper case"] = Json("PATCH", S1, """{"a":2}""", key: RunningServer.KeyA.ToUpperInvariant()),
            ["10 KB maven-api-key"] = Json("PATCH", S1, """{"a":2}""", key: new string('k', 10_000)),
            ["key of account A on account B"] = Json("PUT", B + "/known/s1/properties/secret", "\"stolen\""),
            ["key of account A deleting account B"] = Json("DELETE", B + "/known", null),
            ["key in the query string"] = Json("PATCH", S1 + "?maven-api-key=" + RunningServer.KeyA, """{"a":2}""", key: null),
            ["key as a bearer token"] = Raw("PATCH", S1, """{"a":2}"""u8.ToArray(),
                ("Content-Type", "application/json"), ("Authorization", "Bearer " + RunningServer.KeyA)),

            // Conditions.
            ["garbage If-Match"] = Raw("PUT", S1 + "/a", "2"u8.ToArray(), ("Content-Type", "application/json"), Key(), ("If-Match", "garbage")),
            ["If-Match of an absent session on an existing one"] = Raw("PATCH", S1, """{"a":2}"""u8.ToArray(),
                ("Content-Type", "application/json"), Key(), ("If-Match", "\"0\"")),

            ["raw control character in the target"] = Json("PATCH", A + "/known/s\u0001/properties", """{"a":2}"""),
            ["control character in maven-api-key"] = Json("PATCH", S1, """{"a":2}""", key: "key-\u0001"),
            ["HEAD on session properties"] = Json("HEAD", S1, null),
            ["HEAD on a property"] = Json("HEAD", S1 + "/a", null),
            ["CONNECT on a property"] = Json("CONNECT", S1 + "/a", null),

            // Methods and routes.
            ["TRACE on session properties"] = Json("TRACE", S1, null),
            ["OPTIONS on session properties"] = Json("OPTIONS", S1, null),
            ["PROPFIND on a property"] = Json("PROPFIND", S1 + "/a", null),
            ["PUT on session properties"] = Json("PUT", S1, """{"a":2}"""),
            ["POST on session properties"] = Json("POST", S1, """{"a":2}"""),
            ["PATCH on the account"] = Json("PATCH", A, """{"name":"known"}"""),
            ["DELETE on the account"] = Json("DELETE", A, null),
            ["PUT on a namespace"] = Json("PUT", A + "/known", """{"a":2}"""),
            ["PATCH on session TTLs"] = Json("PATCH", A + "/namespace/known/session", """{"sessionId":"s3"}"""),
            ["DELETE on session ids"] = Json("DELETE", A + "/known/session-ids", null),
            ["unknown route below a session"] = Json("PATCH", A + "/known/s1/extra/properties", """{"a":2}"""),
            ["unknown API version"] = Get("/v2/account/" + RunningServer.AccountA + "/known/s1/properties"),
        };
        return corpus;
    }

    private static (string, string) Key(string key = RunningServer.KeyA) => ("maven-api-key", key);

    private static RawRequest Get(string target) => Json("GET", target, null);

    private static RawRequest Json(string method, string target, string? body, string? key = RunningServer.KeyA)
    {
        var headers = new List<(string, string)>();
        if (key is not null)
        {
            headers.Add(Key(key));
        }

        if (body is not null)
        {
            headers.Add(("Content-Type", "application/json"));
        }

        return new RawRequest(method, target, headers, body is null ? null : Encoding.UTF8.GetBytes(body));
    }

    private static RawRequest Bytes(string method, string target, byte[] body) =>
        Raw(method, target, body, ("Content-Type", "application/json"), Key());

    private static RawRequest Chunked(string method, string target, byte[] body)
    {
        var chunks = new MemoryStream();
        foreach (var chunk in body.Chunk(64 * 1024))
        {
            chunks.Write(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
            chunks.Write(chunk);
            chunks.Write("\r\n"u8);
        }

        chunks.Write("0\r\n\r\n"u8);
        return Raw(method, target, chunks.ToArray(), ("Transfer-Encoding", "chunked"), ("Content-Type", "application/json"), Key());
    }

    private static RawRequest Raw(string method, string target, byte[]? body, params (string Name, string Value)[] headers) =>
        new(method, target, headers, body);
}
