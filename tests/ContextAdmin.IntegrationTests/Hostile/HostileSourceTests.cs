using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Hostile;

/// <summary>
/// A copy from a source that answers one namespace ("bad") as a broken or hostile endpoint would, beside a namespace
/// ("good") it answers as the contract says. The tool stops what it reads within bounds, sends its key nowhere else,
/// lists the namespace it could not copy, and still copies the other.
/// </summary>
public sealed class HostileSourceTests(ITestOutputHelper log) : ScriptedTransfer
{
    private const long Mebibyte = 1024 * 1024;

    private readonly HostileAnswers _answers = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Source.AddNamespace("bad");
        Source.AddNamespace("good", 3600);
        Source.SetSession("bad", "s1", """{"n":1}""");
        foreach (var id in new[] { "g1", "g2", "g3" })
        {
            Source.SetSession("good", id, $$"""{"id":"{{id}}","total":12345678901234567890}""");
        }
    }

    [Fact]
    public async Task ARedirectIsNotFollowedAndTheKeyGoesNowhereElse()
    {
        await using var elsewhere = await ScriptedEndpoint.StartAsync();
        Source.Misbehave = (context, request) =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = new Uri(elsewhere.Url, request.RawTarget).ToString();
            return Task.FromResult(true);
        };

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.Contains($"a redirect to {elsewhere.Url}", run.Error, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Empty(Target.Writes);
    }

    [Fact]
    public async Task AnEndlessSessionStopsItsNamespaceAtTheElementLimitAndTheOtherNamespaceIsCopied()
    {
        Misbehave("/bad/session-properties", context => _answers.EndlessAsync(context, """[{"sessionId":"s1","properties":{"t":" """.TrimEnd(), "x", 256 * Mebibyte));

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: namespace bad: stopped before its first session", run.Error, StringComparison.Ordinal);
        Assert.Contains("larger than 8388608 bytes", run.Error, StringComparison.Ordinal);
        log.WriteLine($"the source sent {_answers.BytesSent} bytes before the tool hung up");
        // What loopback's socket buffers hold beyond the 8 MiB read comes on top; unbounded, the tool would read all 256 MiB.
        Assert.InRange(_answers.BytesSent, 8 * Mebibyte, 96 * Mebibyte);
        AssertGoodWasCopied();
    }

    [Fact]
    public async Task AnAnswerThatClaimsTwoGigabytesIsRefusedWithoutReadingIt()
    {
        Misbehave("/bad/properties", context => _answers.ClaimAsync(context, 2_000_000_000, TimeSpan.FromSeconds(10)));

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("it says it is 2000000000 bytes", run.Error, StringComparison.Ordinal);
        AssertGoodWasCopied();
    }

    [Fact]
    public async Task AnEndlessErrorAnswerIsReadOnlyAsFarAsItsMessage()
    {
        Target.Misbehave = async (context, request) =>
        {
            if (request.Method != "PATCH" || !request.RawTarget.EndsWith("/good/g2/properties", StringComparison.Ordinal))
            {
                return false;
            }

            await _answers.EndlessAsync(context, """{"message":"refused (test)","padding":" """.TrimEnd(), " ", 64 * Mebibyte, StatusCodes.Status400BadRequest);
            return true;
        };

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: namespace good session g2: PATCH", run.Error, StringComparison.Ordinal);
        Assert.Contains("answered 400 Bad Request", run.Error, StringComparison.Ordinal);
        log.WriteLine($"the target sent {_answers.BytesSent} bytes of its error before the tool hung up");
        Assert.InRange(_answers.BytesSent, 1, 16 * Mebibyte);
        Assert.Contains("PATCH /good/g3/properties", TargetWrites());
    }

    [Fact]
    public async Task ACompressedAnswerIsNeitherAskedForNorDecompressed()
    {
        Misbehave("/bad/session-properties", context => _answers.GzipAsync(context, """[{"sessionId":"s1","properties":{"t":" """.TrimEnd(), 200 * (int)Mebibyte));

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: namespace bad: stopped before its first session", run.Error, StringComparison.Ordinal);
        Assert.All(Source.Requests, request => Assert.Equal("", request.AcceptEncoding));
        AssertGoodWasCopied();
    }

    [Fact]
    public async Task APageLongerThanAskedForStopsItsNamespace()
    {
        Misbehave("/bad/session-properties", context => _answers.EndlessAsync(context, "[", n => $$$"""{"sessionId":"x{{{n:D9}}}","properties":{}},""", 256 * 1024));

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("lists more than 100 elements", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(TargetWrites(), write => write.Contains("/bad/x", StringComparison.Ordinal));
        AssertGoodWasCopied();
    }

    [Fact]
    public async Task AnAnswerThatDripsIsStoppedByTheReadTimeout()
    {
        Misbehave("/bad/session-properties", context => _answers.DripAsync(context, """[{"sessionId":"s1","properties":{}}]""", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)));

        var run = await CopyAsync("--read-timeout", "1");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.Contains("the answer arrives too slowly", run.Error, StringComparison.Ordinal);
        Assert.Contains("stopped; a rerun starts over", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonInAListingStopsOnlyItsNamespaceWhichIsListedInTheFailuresFile()
    {
        Misbehave("/bad/session-properties", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""[{"sessionId":"s1","properties":{"n":1}},{"sessionId": garbage]""");
        });

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: namespace bad: stopped", run.Error, StringComparison.Ordinal);
        Assert.Contains($"1 failures, listed in {FailuresFile}", run.Error, StringComparison.Ordinal);
        Assert.Contains("\"namespace\":\"bad\"", File.ReadAllText(FailuresFile), StringComparison.Ordinal);
        AssertGoodWasCopied();
    }

    private void Misbehave(string pathEnd, Func<HttpContext, Task> answer) =>
        Source.Misbehave = async (context, request) =>
        {
            if (request.Method != "GET" || !request.RawTarget.Split('?')[0].EndsWith(pathEnd, StringComparison.Ordinal))
            {
                return false;
            }

            await answer(context);
            return true;
        };

    private void AssertGoodWasCopied()
    {
        var writes = TargetWrites();
        Assert.Contains("POST ?ttlSecond=3600", writes);
        foreach (var id in new[] { "g1", "g2", "g3" })
        {
            Assert.Contains($"PATCH /good/{id}/properties", writes);
        }
    }
}
