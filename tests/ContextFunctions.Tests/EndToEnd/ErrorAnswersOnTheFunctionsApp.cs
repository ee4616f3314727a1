using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class ErrorAnswersOnTheFunctionsApp(FunctionsApp app) : ErrorAnswersTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
