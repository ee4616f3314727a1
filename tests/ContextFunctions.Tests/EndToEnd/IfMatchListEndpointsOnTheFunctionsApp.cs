using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class IfMatchListEndpointsOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : IfMatchListEndpointsTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
