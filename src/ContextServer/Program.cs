using ContextServer;
using ContextStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddContextServer();

var app = builder.Build();
if (SettingsFailure.Check(app.Services) is { } settings)
{
    // A bad setting: one line naming it and what it accepts, no stack trace.
    await Console.Error.WriteLineAsync($"ContextServer did not start: {settings}");
    return 1;
}

app.UseContextServer();
await app.RunAsync();
return 0;
