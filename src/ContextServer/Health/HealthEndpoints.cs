using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextServer.Health;

/// <summary>
/// <c>/healthz</c>: the process is up (no check runs). <c>/readyz</c>: Cosmos DB answers within
/// <see cref="ReadinessTimeout"/>. Both without an API key, 200 or 503 with <c>{"status":"…"}</c>.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>Short, so that a load balancer's probe answers well within its own timeout.</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealthEndpoints(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<CosmosReadinessCheck>("cosmos", HealthStatus.Unhealthy, [ReadyTag], ReadinessTimeout);
        return services;
    }

    /// <summary>Middleware branches, not endpoints: the routes stay exactly the contract's operations.</summary>
    public static WebApplication UseHealthEndpoints(this WebApplication app)
    {
        app.UseHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new HealthAnswer(report.Status.ToString()), JsonSerializerOptions.Web));
    }

    private sealed record HealthAnswer(string Status);
}
