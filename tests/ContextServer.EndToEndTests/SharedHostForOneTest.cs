using Microsoft.Extensions.Time.Testing;

namespace ContextServer.EndToEndTests;

/// <summary>
/// One test's view of a host that the tests of its class share: accounts of its own; disposing it leaves the host
/// running for the next test.
/// </summary>
public sealed class SharedHostForOneTest(HttpClient client, int testIndex, string whyNoClock) : IRunningHost
{
    private readonly (string A, string B) _accounts = AccountPools.ForTest(testIndex);

    public HttpClient Client { get; } = client;

    public string AccountA => _accounts.A;

    public string AccountB => _accounts.B;

    public FakeTimeProvider Clock => throw new NotSupportedException(whyNoClock);

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string? apiKey = RunningServer.KeyA, Action<HttpRequestMessage>? configure = null) =>
        Client.SendAsync(ApiRequests.Create(method, path, body, apiKey, configure));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
