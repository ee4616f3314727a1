using ContextStore.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ContextServer;

/// <summary>
/// OpenTelemetry export over OTLP, on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (as .NET Aspire's service
/// defaults do); the exporter takes the other <c>OTEL_*</c> settings (protocol, headers, intervals) from configuration.
/// Metrics: the service's own meter (its <c>http.server.request.duration</c> names the contract operation) and the
/// runtime's; not ASP.NET Core's hosting meter, whose <c>http.server.request.duration</c> of the same name would count
/// the same requests again under route templates. Traces: ASP.NET Core's server spans, the operations' and the
/// sweep's activities, and Cosmos DB's.
/// </summary>
public static class OtlpExport
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddOtlpExportWhenConfigured(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "ContextServer"))
            .WithMetrics(metrics => metrics.AddMeter(ContextTelemetry.Name, "System.Runtime"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(ContextTelemetry.Name, ContextTelemetry.CosmosActivitySource))
            .UseOtlpExporter();
        return builder;
    }
}
