using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

/// <summary>A worker of its own per test, with the tiny per-account limit, so each test starts with full budgets.</summary>
public sealed class RateLimitAnswersOnTheFunctionsApp(ContextServerForClass contextServer) : RateLimitAnswerTests(contextServer)
{
    protected override async Task<IRunningHost> StartHostAsync()
    {
        var app = new FunctionsApp(TinyLimit());
        try
        {
            await app.InitializeAsync();
            return new OwnFunctionsApp(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
