using ContextFunctions;
using ContextStore.Http;
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
builder.Services.AddHostedService<ContainerCreation>();

await builder.Build().RunAsync();
