using System.Net;
using ContextServer.EndToEndTests.Telemetry;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The Functions app's signals, observed outside the worker: with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the worker
/// under the host emulator exports the shared pipeline's per-operation duration, request units and spans to a loopback
/// OTLP receiver, as ContextServer does. (The Application Insights exporter is the same OpenTelemetry pipeline with
/// another exporter; it is not run here: it would send to Microsoft's endpoints.)
/// </summary>
public sealed class TelemetryExportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheWorkerExportsEachOperationsDurationUnderTheFunctionsNameWithItsSpans()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var app = new FunctionsApp(receiver.ExporterSettings());
        try
        {
            await app.InitializeAsync();
            var host = app.HostForOneTest();
            var path = $"/v1/account/{host.AccountA}/exported/conv-1/properties";
            using (var write = await host.SendAsync(HttpMethod.Patch, path, """{"a":1}"""))
            {
                Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
            }

            using (var read = await host.SendAsync(HttpMethod.Get, path))
            {
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            }

            Assert.True(
                await receiver.WaitUntilAsync(r => r.MetricPoints.Any(p => IsDuration(p, "GetSessionProperties")) && r.Spans.Any(s => s.Name == "GetSessionProperties"), Patience),
                $"Within {Patience.TotalSeconds} s the receiver got metrics [{string.Join(", ", receiver.MetricPoints.Select(p => $"{p.Scope}/{p.Metric}").Distinct())}] " +
                $"and spans [{string.Join(", ", receiver.Spans.Select(s => $"{s.Scope}/{s.Name}").Distinct())}].");

            var points = receiver.MetricPoints;
            var write204 = Assert.Single(points, p => IsDuration(p, "SetSessionProperties"));
            Assert.Equal("PATCH", write204.Attributes["http.request.method"]);
            Assert.Equal("204", write204.Attributes["http.response.status_code"]);
            Assert.Equal("2xx", write204.Attributes["contextstore.status_class"]);
            Assert.Contains(points, p => p.Metric == "contextstore.cosmos.request_charge" && p.Attributes.GetValueOrDefault("contextstore.operation") == "GetSessionProperties");
            var operation = receiver.Spans.First(s => s.Scope == "ContextFunctions" && s.Name == "GetSessionProperties");
            Assert.Equal("GetSessionProperties", operation.Attributes["http.route"]);
            Assert.Contains(receiver.Spans, s => s.Scope == "Azure.Cosmos.Operation" && s.ParentSpanId == operation.SpanId);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheWorkerExportsTheAppsOwnInformationAndOthersWarningsOnly()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var app = new FunctionsApp(receiver.ExporterSettings());
        try
        {
            await app.InitializeAsync();
            var host = app.HostForOneTest();
            using (var refused = await host.SendAsync(HttpMethod.Get, $"/v1/account/{host.AccountA}/logged/conv-1/properties", apiKey: "not-the-key"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }

            Assert.True(
                await receiver.WaitUntilAsync(r => r.LogRecords.Any(l => l.Body.StartsWith("Refused a request for account", StringComparison.Ordinal)), Patience),
                $"Within {Patience.TotalSeconds} s the receiver got log records of [{string.Join(", ", receiver.LogRecords.Select(l => l.Scope).Distinct())}].");
            var records = receiver.LogRecords;
            Assert.Contains(records, l => l.Scope.StartsWith("ContextStore.", StringComparison.Ordinal) && l.Severity == 9);
            // Information is 9 to 12 in OpenTelemetry's severity numbers, warning 13 and up.
            Assert.DoesNotContain(records, l => !l.Scope.StartsWith("Context", StringComparison.Ordinal) && l.Severity < 13);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static bool IsDuration(OtlpMetricPoint point, string operation) =>
        point.Scope == "ContextFunctions" && point.Metric == "http.server.request.duration"
        && point.Attributes.GetValueOrDefault("http.route") == operation;
}
