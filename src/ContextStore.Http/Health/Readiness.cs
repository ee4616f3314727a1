using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextStore.Http.Health;

/// <summary>
/// Readiness, the same in both hosts: Cosmos DB answers a read of the container within <see cref="Timeout"/>.
/// Served at <see cref="Path"/> without an API key and outside the contract's operations: ContextServer as a health
/// check middleware branch, the Functions app as the one HTTP function that is no operation (an availability test
/// calls it). 200 <c>{"status":"Healthy"}</c> or 503 <c>{"status":"Unhealthy"}</c>.
/// </summary>
public static class Readiness
{
    /// <summary>The route without its leading slash, as a function's route template takes it.</summary>
    public const string Route = "readyz";

    public const string Path = "/" + Route;

    /// <summary>The Functions app's function that serves it (the name the host's request records carry).</summary>
    public const string FunctionName = "CheckReadiness";

    /// <summary>Short, so that a load balancer's probe or an availability test answers well within its own timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const string Tag = "ready";

    /// <summary>The health checks that decide readiness, and <see cref="ReadinessProbe"/> that runs them.</summary>
    public static IHealthChecksBuilder AddReadiness(this IServiceCollection services)
    {
        services.AddSingleton<ReadinessProbe>();
        // One instance for the process (AddCheck would otherwise make one per run): it shares reads between probes.
        services.AddSingleton<CosmosReadinessCheck>();
        return services.AddHealthChecks().AddCheck<CosmosReadinessCheck>("cosmos", HealthStatus.Unhealthy, [Tag], Timeout);
    }

    /// <summary>Whether a registered check is one of readiness.</summary>
    public static bool Decides(HealthCheckRegistration check) => check.Tags.Contains(Tag);

    /// <summary>The status code of a report: what ASP.NET Core's health check middleware answers by default.</summary>
    public static int StatusCodeOf(HealthStatus status) =>
        status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
}
