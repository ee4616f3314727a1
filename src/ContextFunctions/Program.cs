using ContextFunctions.Functions.Expiry;
using ContextFunctions.Telemetry;
using ContextStore;
using ContextStore.Http;
using ContextStore.Http.Health;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddTelemetryExport(builder.Configuration);
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
