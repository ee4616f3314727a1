using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class ErrorAnswersOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : ErrorAnswersTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
