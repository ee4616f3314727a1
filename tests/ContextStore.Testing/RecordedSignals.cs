using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContextStore.Testing;

/// <summary>
/// What a test's own service provider measured and traced, as a MeterListener and an ActivityListener see it:
/// measurements of the instruments of the meters that <paramref name="meterFactory"/> made (other tests' servers in the
/// same process have factories of their own), and the activities of the named sources that belong to one trace.
/// </summary>
/// <param name="meterFactory">The provider's factory; null: any.</param>
/// <param name="activitySources">The sources to listen to; <see cref="EverySource"/> listens to all.</param>
/// <param name="traceId">Only activities of this trace are kept; null keeps all.</param>
public sealed class RecordedSignals : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public const string EverySource = "*";

    /// <param name="everyMeter">Every meter of the factory (ASP.NET Core's too), not only the service's own.</param>
    public RecordedSignals(
        IMeterFactory? meterFactory, IEnumerable<string> activitySources, ActivityTraceId? traceId = null, bool everyMeter = false)
    {
        var sources = activitySources.ToHashSet(StringComparer.Ordinal);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if ((meterFactory is null || ReferenceEquals(instrument.Meter.Scope, meterFactory))
                && (everyMeter || instrument.Meter.Name == "ContextFunctions"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name) || sources.Contains(EverySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (traceId is null || activity.TraceId == traceId)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public IReadOnlyList<RecordedMeasurement> Measurements => [.. _measurements];

    /// <summary>Stopped activities, in the order they stopped.</summary>
    public IReadOnlyList<Activity> Activities => [.. _stopped];

    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct =>
        _measurements.Enqueue(new RecordedMeasurement(
            instrument.Name, instrument.Unit, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));
}

/// <summary>One measurement: the instrument's name and unit, the value, and its tags.</summary>
public sealed record RecordedMeasurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public object? Tag(string name) => Tags.GetValueOrDefault(name);

    public override string ToString() =>
        $"{Instrument} {Value} {{{string.Join(", ", Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}}}";
}
