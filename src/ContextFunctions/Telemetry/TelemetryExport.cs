using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using ContextStore.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContextFunctions.Telemetry;

/// <summary>
/// The worker's logs, metrics and traces through OpenTelemetry: to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, signed in with the managed identity that
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names (the component accepts Entra ID only), and over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Application Insights' classic worker SDK (2.x) has no listener for
/// System.Diagnostics.Metrics, so the service's meter would never reach it; the Azure Monitor exporter sends the
/// meter's instruments as custom metrics. With neither setting the worker keeps the host's default: its logs go to the
/// host.
/// </summary>
public static class TelemetryExport
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Functions worker's own activity source (one activity per invocation).</summary>
    public const string WorkerActivitySource = "Microsoft.Azure.Functions.Worker";

    public static IServiceCollection AddTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        if (string.IsNullOrWhiteSpace(connectionString) && !otlp)
        {
            return services;
        }

        // Warnings and above, and the app's own information (as the classic SDK's filter had it): not a line per request
        // from ASP.NET Core or HttpClient, which the ingestion would bill.
        services.Configure<LoggerFilterOptions>(filters => filters
            .AddFilter<OpenTelemetryLoggerProvider>(category: null, LogLevel.Warning)
            .AddFilter<OpenTelemetryLoggerProvider>("Context", LogLevel.Information));

        // UseFunctionsWorkerDefaults tells the host that the worker exports its own logs (the host then drops them).
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics => metrics.AddMeter(ContextTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(WorkerActivitySource, ContextTelemetry.Name, ContextTelemetry.CosmosActivitySource));
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var credential = CredentialOf(configuration[AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// The credential that <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for, as the Functions host reads it:
    /// <c>Authorization=AAD</c> with the managed identity of <c>ClientId</c> (the system-assigned one without); null
    /// (instrumentation-key ingestion) when it is not set or asks for no Entra ID sign-in.
    /// </summary>
    public static TokenCredential? CredentialOf(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
