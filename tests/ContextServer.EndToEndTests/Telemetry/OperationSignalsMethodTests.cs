using System.Diagnostics.Metrics;
using ContextStore.Http.Pipeline;
using ContextStore.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>
/// The method tag of <c>http.server.request.duration</c>: routing matches a method whatever its case, so a client could
/// otherwise make up to 2^6 spellings of DELETE into as many series per route and status. No server, no Cosmos DB.
/// </summary>
public sealed class OperationSignalsMethodTests
{
    [Theory]
    [InlineData("get", "GET")]
    [InlineData("gEt", "GET")]
    [InlineData("DeLeTe", "DELETE")]
    [InlineData("patch", "PATCH")]
    [InlineData("PUT", "PUT")]
    public void TheMethodTagIsTheMethodsOneSpelling(string sent, string tagged)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var methods = new List<object?>();
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
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ContextTelemetry.Tags.Method)
                {
                    methods.Add(tag.Value);
                }
            }
        });
        listener.Start();
        var signals = new OperationSignals(meters);
        var context = new DefaultHttpContext();
        context.Request.Method = sent;

        signals.Begin(context, "GetSessionProperties").Dispose();

        Assert.Equal(tagged, Assert.Single(methods));
    }
}
