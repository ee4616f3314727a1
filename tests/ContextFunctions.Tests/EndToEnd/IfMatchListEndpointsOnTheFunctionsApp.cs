using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class IfMatchListEndpointsOnTheFunctionsApp(FunctionsApp app) : IfMatchListEndpointsTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
