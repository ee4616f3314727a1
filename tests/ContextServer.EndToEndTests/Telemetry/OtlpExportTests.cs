using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>ContextServer exports over OTLP (http/protobuf) when OTEL_EXPORTER_OTLP_ENDPOINT is set, and only then.</summary>
public sealed class OtlpExportTests
{
    private const string A = "/v1/account/" + RunningServer.AccountA;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithAnOtlpEndpointTheServerExportsItsOperationsMetricsAndTraces()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await RunningServer.StartAsync(settingOverrides: receiver.ExporterSettings());
        using (var write = await server.SendAsync(HttpMethod.Patch, A + "/exported/conv-1/properties", """{"a":1}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        using (var read = await server.SendAsync(HttpMethod.Get, A + "/exported/conv-1/properties"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        Assert.True(
            await receiver.WaitUntilAsync(r => r.MetricPoints.Any(IsReadDuration) && r.Spans.Any(s => s.Name == "GetSessionProperties"), Patience),
            $"Within {Patience.TotalSeconds} s the receiver got metrics [{string.Join(", ", receiver.MetricPoints.Select(p => $"{p.Scope}/{p.Metric}").Distinct())}] " +
            $"and spans [{string.Join(", ", receiver.Spans.Select(s => $"{s.Scope}/{s.Name}").Distinct())}].");

        var duration = receiver.MetricPoints.First(IsReadDuration);
        Assert.Equal("s", duration.Unit);
        Assert.Equal("GET", duration.Attributes["http.request.method"]);
        Assert.Equal("200", duration.Attributes["http.response.status_code"]);
        Assert.Equal("2xx", duration.Attributes["contextstore.status_class"]);
        Assert.Contains(receiver.MetricPoints, p => p.Scope == "ContextFunctions" && p.Metric == "contextstore.cosmos.request_charge"
            && p.Attributes.GetValueOrDefault("contextstore.operation") == "GetSessionProperties" && p.Unit == "RU");
        // ASP.NET Core's own http.server.request.duration (route templates) is not exported beside the operations'.
        Assert.DoesNotContain(receiver.MetricPoints, p => p.Metric == "http.server.request.duration" && p.Scope != "ContextFunctions");

        var spans = receiver.Spans;
        var operation = spans.First(s => s.Scope == "ContextFunctions" && s.Name == "GetSessionProperties");
        Assert.Equal("GetSessionProperties", operation.Attributes["http.route"]);
        Assert.Contains(spans, s => s.Scope == "Microsoft.AspNetCore" && s.SpanId == operation.ParentSpanId && s.TraceId == operation.TraceId);
        Assert.Contains(spans, s => s.Scope == "Azure.Cosmos.Operation" && s.ParentSpanId == operation.SpanId);
    }

    [Fact]
    public async Task AnOtlpEndpointThatDoesNotAnswerChangesNoAnswer()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var server = await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        Assert.NotNull(server.Services.GetService<MeterProvider>());

        for (var i = 0; i < 20; i++)
        {
            using var write = await server.SendAsync(HttpMethod.Patch, A + "/unexported/conv-1/properties", $$"""{"a":{{i}}}""");
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
            await Task.Delay(20);
        }

        using var read = await server.SendAsync(HttpMethod.Get, A + "/unexported/conv-1/properties");
        Assert.Equal("""{"a":19}""", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutAnOtlpEndpointNothingIsExported()
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Null(server.Services.GetService<MeterProvider>());
        Assert.Null(server.Services.GetService<TracerProvider>());
    }

    private static bool IsReadDuration(OtlpMetricPoint point) =>
        point.Scope == "ContextFunctions" && point.Metric == "http.server.request.duration"
        && point.Attributes.GetValueOrDefault("http.route") == "GetSessionProperties";
}
