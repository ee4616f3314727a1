using Microsoft.Extensions.Time.Testing;

namespace ContextServer.EndToEndTests;

/// <summary>
/// A running host of the API as an end-to-end test sees it: where its requests go and which accounts are its own.
/// ContextServer and the Functions app (under the test suite's host emulator) both implement it, so one test body
/// proves both hosts.
/// </summary>
public interface IRunningHost : IAsyncDisposable
{
    /// <summary>A client whose base address is the host's.</summary>
    HttpClient Client { get; }

    /// <summary>An account that only this test uses, whose key is <see cref="RunningServer.KeyA"/>.</summary>
    string AccountA { get; }

    /// <summary>A second account that only this test uses, whose key is <see cref="RunningServer.KeyB"/>.</summary>
    string AccountB { get; }

    /// <summary>
    /// ContextServer's controlled clock. The Functions app runs on the real clock and throws
    /// <see cref="NotSupportedException"/>: a test that needs the clock is marked <see cref="ContextServerOnlyAttribute"/>.
    /// </summary>
    FakeTimeProvider Clock { get; }

    /// <summary>A request with account A's key, unless another key (or none) is given.</summary>
    Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? body = null, string? apiKey = RunningServer.KeyA, Action<HttpRequestMessage>? configure = null);
}
