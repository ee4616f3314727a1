using ContextServer.Health;
using ContextStore;
using ContextStore.Http;

namespace ContextServer;

public static class ContextServerExtensions
{
    /// <summary>
    /// The API's services (with the container's creation), the expired-session sweep on its interval, health checks,
    /// start-up checks, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddContextServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddContextApi(builder.Configuration);
        builder.Services.AddSettings<ExpiredSessionSweepIntervalOptions>(builder.Configuration, ExpiredSessionSweepIntervalOptions.Section);
        builder.Services.AddHostedService<ScheduledExpiredSessionSweep>();
        builder.Services.AddHealthEndpoints();
        builder.AddOtlpExportWhenConfigured();
        return builder;
    }

    /// <summary>Request logging, refusal of dot segments, /healthz and /readyz, the OpenAPI document, the contract's routes, and JSON errors for what no route answers.</summary>
    public static WebApplication UseContextServer(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        // A request routed to a contract operation is answered whole by it, errors as JSON and dot segments refused
        // included (RequestPipeline does both for either host): only the others go through the host's own checks, so an
        // operation's request scans its path once and passes no status-code-pages state machine.
        app.UseWhen(context => !ContextApiEndpoints.IsContractOperation(context), others =>
        {
            others.UseMiddleware<DotSegmentRefusal>();
            others.UseStatusCodePages(UnmatchedRequestErrors.WriteAsync);
        });
        app.UseHealthEndpoints();
        // A branch, not an endpoint: the routes stay exactly the contract's operations, as the Functions app has them.
        app.Map(OpenApiDocument.Path, openApi => openApi.Run(OpenApiDocument.WriteAsync));
        app.MapContextApi();
        return app;
    }
}
