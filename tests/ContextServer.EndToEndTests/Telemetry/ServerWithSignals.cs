using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContextStore.Telemetry;
using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>
/// A ContextServer of the test's own whose signals are recorded: the measurements of its meters, the activities of one
/// trace (every request is sent with that trace's <c>traceparent</c>) and every log entry.
/// </summary>
public sealed class ServerWithSignals : IAsyncDisposable
{
    private static readonly TimeSpan RecordingLimit = TimeSpan.FromSeconds(10);
    private int _sent;

    private ServerWithSignals(RunningServer server, RecordedSignals signals, CapturingLoggerProvider logs, ActivityTraceId traceId)
    {
        Server = server;
        Signals = signals;
        Logs = logs;
        TraceId = traceId;
    }

    public RunningServer Server { get; }

    public RecordedSignals Signals { get; }

    public CapturingLoggerProvider Logs { get; }

    public ActivityTraceId TraceId { get; }

    /// <param name="activitySources">Sources to record; by default the service's, ASP.NET Core's and Cosmos DB's.</param>
    /// <param name="everyMeter">Every meter of the server (ASP.NET Core's too), not only the service's own.</param>
    public static async Task<ServerWithSignals> StartAsync(
        IDictionary<string, string?>? settingOverrides = null, IEnumerable<string>? activitySources = null, bool everyMeter = false)
    {
        var logs = new CapturingLoggerProvider();
        var traceId = ActivityTraceId.CreateRandom();
        var sources = activitySources ?? [ContextTelemetry.Name, "Microsoft.AspNetCore", ContextTelemetry.CosmosActivitySource];
        var server = await RunningServer.StartAsync(
            services => services.AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Trace)
                .AddProvider(logs)
                .AddFilter<CapturingLoggerProvider>(category: null, LogLevel.Trace)),
            settingOverrides);
        var signals = new RecordedSignals(server.Services.GetRequiredService<IMeterFactory>(), sources, traceId, everyMeter);
        return new ServerWithSignals(server, signals, logs, traceId);
    }

    /// <summary>
    /// A request of a contract operation with the test's trace and account A's key, unless another key (or none) is
    /// given. Returns once the server has recorded it too: that happens after the answer is sent.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? apiKey = RunningServer.KeyA)
    {
        var sent = Interlocked.Increment(ref _sent);
        var response = await Server.SendAsync(method, path, body, apiKey, request =>
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-{ActivitySpanId.CreateRandom()}-01"));
        var deadline = DateTimeOffset.UtcNow + RecordingLimit;
        while (Signals.Of("http.server.request.duration").Count < sent && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Signals.Dispose();
        await Server.DisposeAsync();
        Logs.Dispose();
    }
}
