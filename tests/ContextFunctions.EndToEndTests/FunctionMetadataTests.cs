using ContextServer.EndToEndTests;
using ContextStore.Http;
using ContextStore.Http.Health;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The functions the worker itself reports in its metadata, at run time: one HTTP function per operation, under the
/// name, method and route with which ContextServer serves it, the readiness probe outside the contract, and one timer
/// function.
/// </summary>
public sealed class FunctionMetadataTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task TheHttpFunctionsOtherThanTheReadinessProbeAreContextServersEndpointsByNameMethodAndRoute()
    {
        var functions = app.Emulator.Functions.Where(f => f.Trigger.IsHttp && f.Name != Readiness.FunctionName)
            .SelectMany(f => f.Trigger.Methods.DefaultIfEmpty("*").Select(m => $"{f.Name} {m} {f.Trigger.Route}"))
            .Order(StringComparer.Ordinal).ToList();
        var served = (await ServedRoutes.ReadAsync()).Select(r => $"{r.Name} {r.Verb} {r.Template}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(served, functions);
        Assert.Equal(served.Count, ContextOperations.All.Count);
    }

    [Fact]
    public void TheOnlyHttpFunctionOutsideTheContractIsTheReadinessProbeOnGetReadyz()
    {
        var others = app.Emulator.Functions
            .Where(f => f.Trigger.IsHttp && !ContextOperations.All.Any(o => o.Name == f.Name)).ToList();

        var probe = Assert.Single(others);
        Assert.Equal(Readiness.FunctionName, probe.Name);
        Assert.Equal(["GET"], probe.Trigger.Methods);
        Assert.Equal("readyz", probe.Trigger.Route);
        Assert.DoesNotContain(ContextOperations.All, o => o.Name == Readiness.FunctionName || o.Route == Readiness.Route);
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
