using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class AuthenticationOnTheFunctionsApp(FunctionsApp app) : AuthenticationTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
