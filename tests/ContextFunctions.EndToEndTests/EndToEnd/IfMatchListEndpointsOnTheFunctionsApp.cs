using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class IfMatchListEndpointsOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : IfMatchListEndpointsTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
