using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class AuthenticationOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : AuthenticationTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
