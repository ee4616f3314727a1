using System.Diagnostics.Metrics;
using ContextStore.Http.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>
/// <c>http.server.request.duration</c> is measured for whoever listens when a request ends: without a listener no tag
/// is made, and a listener that starts after the server gets the next request. No server, no Cosmos DB.
/// </summary>
public sealed class OperationSignalsListenerTests
{
    [Fact]
    public void AListenerThatStartsAfterTheSignalsWereMadeGetsTheNextRequest()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var signals = new OperationSignals(meters);
        signals.Begin(Answered(StatusCodes.Status200OK), "GetSessionProperties").Dispose();

        var durations = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == OperationSignals.RequestDuration)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Add(value));
        listener.Start();
        signals.Begin(Answered(StatusCodes.Status204NoContent), "SetSessionProperties").Dispose();

        Assert.True(Assert.Single(durations) >= 0);
    }

    private static DefaultHttpContext Answered(int status)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.StatusCode = status;
        return context;
    }
}
