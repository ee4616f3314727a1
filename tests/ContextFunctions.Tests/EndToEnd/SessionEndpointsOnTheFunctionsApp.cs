using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class SessionEndpointsOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : SessionEndpointsTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
