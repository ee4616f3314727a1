using ContextStore.Http.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextServer.Health;

/// <summary>
/// <c>/healthz</c>: the process is up (no check runs). <c>/readyz</c>: <see cref="Readiness"/>, which the Functions app
/// serves too. Both without an API key, 200 or 503 with <c>{"status":"…"}</c>.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";

    public static IServiceCollection AddHealthEndpoints(this IServiceCollection services)
    {
        services.AddReadiness();
        return services;
    }

    /// <summary>Middleware branches, not endpoints: the routes stay exactly the contract's operations.</summary>
    public static WebApplication UseHealthEndpoints(this WebApplication app)
    {
        app.UseHealthChecks(LivenessPath, Options(_ => false));
        app.UseHealthChecks(Readiness.Path, Options(Readiness.Decides));
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = HealthAnswer.WriteAsync,
        ResultStatusCodes = Enum.GetValues<HealthStatus>().ToDictionary(status => status, Readiness.StatusCodeOf),
    };
}
