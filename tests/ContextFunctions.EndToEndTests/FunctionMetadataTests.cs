using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The functions the worker itself reports in its metadata, at run time: one HTTP function per operation, under the
/// name, method and route with which ContextServer serves it, and one timer function.
/// </summary>
public sealed class FunctionMetadataTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task TheHttpFunctionsAreContextServersEndpointsByNameMethodAndRoute()
    {
        var functions = app.Emulator.Functions.Where(f => f.Trigger.IsHttp)
            .SelectMany(f => f.Trigger.Methods.DefaultIfEmpty("*").Select(m => $"{f.Name} {m} {f.Trigger.Route}"))
            .Order(StringComparer.Ordinal).ToList();
        var served = (await ServedRoutes.ReadAsync()).Select(r => $"{r.Name} {r.Verb} {r.Template}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(served, functions);
        Assert.Equal(served.Count, app.Emulator.Functions.Count(f => f.Trigger.IsHttp));
    }

    [Fact]
    public void TheOnlyOtherFunctionIsTheSweepTimerOnTheSweeperScheduleSetting()
    {
        var others = app.Emulator.Functions.Where(f => !f.Trigger.IsHttp).ToList();

        var timer = Assert.Single(others);
        Assert.Equal("SweepExpiredSessions", timer.Name);
        Assert.True(timer.Trigger.IsTimer);
        Assert.Equal("%Sweeper:Schedule%", timer.Trigger.Schedule);
    }
}
