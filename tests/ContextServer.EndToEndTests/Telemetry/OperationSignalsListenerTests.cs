using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContextStore.Http.Pipeline;
using ContextStore.Telemetry;
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

    [Fact]
    public void WithAnActivityListenerAndNoMeterListenerA5xxRequestsActivityIsStillStoppedTaggedAndAnError()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var signals = new OperationSignals(services.GetRequiredService<IMeterFactory>());
        var stopped = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ContextTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);

        var context = Answered(StatusCodes.Status200OK);
        var measurement = signals.Begin(context, "SetSessionProperties");
        var activity = Assert.IsType<Activity>(measurement.Activity);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        measurement.Dispose();

        Assert.Contains(activity, stopped);
        Assert.Equal("SetSessionProperties", activity.GetTagItem(ContextTelemetry.Tags.Route));
        Assert.Equal(503, activity.GetTagItem(ContextTelemetry.Tags.StatusCode));
        Assert.Equal("5xx", activity.GetTagItem(ContextTelemetry.Tags.StatusClass));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public void ALateListenerGetsA5xxRequestWithItsErrorTypeAndAStoppedListenerNoMore()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var signals = new OperationSignals(meters);
        var measured = new List<Dictionary<string, object?>>();
        var listener = new MeterListener
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
            measured.Add(tags.ToArray().ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));
        listener.Start();

        signals.Begin(Answered(StatusCodes.Status503ServiceUnavailable), "GetSessionProperties").Dispose();
        listener.Dispose();
        signals.Begin(Answered(StatusCodes.Status500InternalServerError), "GetSessionProperties").Dispose();

        var tags = Assert.Single(measured);
        Assert.Equal("GetSessionProperties", tags[ContextTelemetry.Tags.Route]);
        Assert.Equal("GET", tags[ContextTelemetry.Tags.Method]);
        Assert.Equal(503, tags[ContextTelemetry.Tags.StatusCode]);
        Assert.Equal("5xx", tags[ContextTelemetry.Tags.StatusClass]);
        Assert.Equal("503", tags[ContextTelemetry.Tags.ErrorType]);
    }

    private static DefaultHttpContext Answered(int status)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Response.StatusCode = status;
        return context;
    }
}
