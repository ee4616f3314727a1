using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>
/// An OTLP/HTTP receiver (http/protobuf) on a loopback port: keeps every export request's body by path
/// (<c>/v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>) and answers with an empty success.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._exports.Enqueue(("/v1/" + signal, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>Every data point of every metric received so far.</summary>
    public IReadOnlyList<OtlpMetricPoint> MetricPoints =>
        [.. _exports.Where(e => e.Path == "/v1/metrics").SelectMany(e => OtlpProtobuf.MetricPoints(e.Body))];

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans =>
        [.. _exports.Where(e => e.Path == "/v1/traces").SelectMany(e => OtlpProtobuf.Spans(e.Body))];

    /// <summary>Every log record received so far.</summary>
    public IReadOnlyList<OtlpLogRecord> LogRecords =>
        [.. _exports.Where(e => e.Path == "/v1/logs").SelectMany(e => OtlpProtobuf.LogRecords(e.Body))];

    /// <summary>Settings that point a host's OpenTelemetry exporter here, with short export intervals.</summary>
    public Dictionary<string, string?> ExporterSettings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
    };

    /// <summary>Waits, at most <paramref name="limit"/>, until <paramref name="received"/> holds.</summary>
    public async Task<bool> WaitUntilAsync(Func<OtlpReceiver, bool> received, TimeSpan limit)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (!received(this))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
