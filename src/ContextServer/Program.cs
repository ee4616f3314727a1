using ContextServer;
using ContextStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddContextServer();

var app = builder.Build();
app.UseContextServer();
try
{
    await app.RunAsync();
}
catch (Exception e) when (SettingsFailure.Describe(e) is { } settings)
{
    // A bad setting: one line naming it and what it accepts, no stack trace.
    await Console.Error.WriteLineAsync($"ContextServer did not start: {settings}");
    return 1;
}

return 0;
