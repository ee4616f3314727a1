using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextStore.Http.Health;

/// <summary>
/// Runs the readiness checks and answers as ContextServer's health check middleware does at <see cref="Readiness.Path"/>:
/// for a host that has no such middleware (the Functions app).
/// </summary>
public sealed class ReadinessProbe(HealthCheckService health)
{
    public async Task<IResult> AnswerAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(Readiness.Decides, cancellationToken);
        return new Answer(report);
    }

    private sealed class Answer(HealthReport report) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = Readiness.StatusCodeOf(report.Status);
            HealthAnswer.PreventCaching(httpContext.Response);
            return HealthAnswer.WriteAsync(httpContext, report);
        }
    }
}
