using ContextServer.Tests;
using ContextServer.Tests.Reliability;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class ContentionOnTheFunctionsApp(FunctionsApp app) : ContentionTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
