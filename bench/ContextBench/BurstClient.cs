using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ContextBench;

/// <summary>
/// The hot session's burst of PATCHes sent from a process of its own (<c>ContextBench --burst-client</c>), as a
/// brand's clients are on machines of their own: their sends and answers then wait in no queue of the server's
/// process. Line protocol on standard input and output: <c>burst {writers} {apiKey} {uri}</c> is answered by one line
/// per PATCH, <c>{status} {milliseconds}</c>, then <c>done</c>; end of input ends the process.
/// </summary>
public static class BurstClient
{
    public const string Flag = "--burst-client";

    public static async Task<int> RunAsync(TextReader input, TextWriter output)
    {
        using var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 512,
            UseProxy = false,
        });
        while (await input.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', 4);
            if (parts is not ["burst", var count, var apiKey, var address] || !int.TryParse(count, CultureInfo.InvariantCulture, out var writers))
            {
                await Console.Error.WriteLineAsync($"burst client: cannot read '{line}'");
                return 2;
            }

            var answers = await BurstAsync(client, new Uri(address), apiKey, writers);
            foreach (var (status, milliseconds) in answers)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(int)status} {milliseconds:0.###}"));
            }

            await output.WriteLineAsync("done");
            await output.FlushAsync();
        }

        return 0;
    }

    /// <summary>
    /// <paramref name="writers"/> PATCHes at once, each setting property <c>p{i}</c> to <c>i</c> on the session at
    /// <paramref name="session"/>; the answers in the writers' order.
    /// </summary>
    public static async Task<(HttpStatusCode StatusCode, double TotalMilliseconds)[]> BurstAsync(
        HttpMessageInvoker client, Uri session, string apiKey, int writers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var began = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Patch, session)
            {
                Content = ThroughputBench.JsonBody($$"""{"p{{i}}":{{i}}}"""),
            };
            request.Headers.TryAddWithoutValidation("maven-api-key", apiKey);
            using var response = await client.SendAsync(request, CancellationToken.None);
            return (response.StatusCode, Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(writes);
    }
}
