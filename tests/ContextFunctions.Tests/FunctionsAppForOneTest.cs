using ContextServer.Tests;
using Microsoft.Extensions.Time.Testing;

namespace ContextFunctions.Tests;

/// <summary>One test's view of a shared Functions app: its own accounts; disposing it leaves the worker running for the next test.</summary>
public sealed class FunctionsAppForOneTest(HttpClient client, string accountA, string accountB) : IRunningHost
{
    public HttpClient Client { get; } = client;

    public string AccountA { get; } = accountA;

    public string AccountB { get; } = accountB;

    public FakeTimeProvider Clock => throw new NotSupportedException(
        "The Functions app runs on the real clock: mark a test class that needs a controlled clock [ContextServerOnly].");

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string? apiKey = RunningServer.KeyA, Action<HttpRequestMessage>? configure = null) =>
        Client.SendAsync(ApiRequests.Create(method, path, body, apiKey, configure));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
