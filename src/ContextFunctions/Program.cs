using ContextFunctions.Functions.Expiry;
using ContextStore;
using ContextStore.Http;
using ContextStore.Http.Health;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
// Application Insights keeps only warnings by default; let the ContextFunctions and ContextStore categories log information.
builder.Logging.AddFilter<ApplicationInsightsLoggerProvider>("Context", LogLevel.Information);
builder.Services.AddContextApi(builder.Configuration);
// GET /readyz, the availability test's target: the check ContextServer serves at the same path.
builder.Services.AddReadiness();
builder.Services.AddSettings<ExpiredSessionSweepScheduleOptions>(builder.Configuration, ExpiredSessionSweepScheduleOptions.Section);

var app = builder.Build();
if (SettingsFailure.Check(app.Services) is { } settings)
{
    // A bad setting: one line naming it and what it accepts, no stack trace.
    await Console.Error.WriteLineAsync($"ContextFunctions did not start: {settings}");
    return 1;
}

await app.RunAsync();
return 0;
