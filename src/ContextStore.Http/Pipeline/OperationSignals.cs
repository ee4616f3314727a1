using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContextStore.Telemetry;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// Each contract operation's request as OpenTelemetry describes an HTTP server's: one
/// <c>http.server.request.duration</c> measurement (seconds, from the pipeline's start until the answer is written)
/// with the operation's name as <c>http.route</c>, and one activity named after the operation. Recorded by the shared
/// pipeline, so both hosts emit the same. No account id, key, name or value from the request is a tag.
/// </summary>
public sealed class OperationSignals
{
    public const string RequestDuration = "http.server.request.duration";

    private static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        // OpenTelemetry's advice for http.server.request.duration.
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    private readonly Histogram<double> _duration;

    public OperationSignals(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ContextTelemetry.Name);
        _duration = meter.CreateHistogram(
            RequestDuration, "s", "Duration of a contract operation's request, until its answer is written.", advice: DurationBuckets);
    }

    /// <summary>
    /// Starts measuring <paramref name="operation"/>'s request (its activity becomes the current one for the caller's
    /// async flow); the measurement is recorded when the request ends, with the status it was answered with.
    /// </summary>
    public Measurement Begin(HttpContext context, string operation)
    {
        var activity = ContextTelemetry.ActivitySource.StartActivity(operation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ContextTelemetry.Tags.Route, operation);
            activity.SetTag(ContextTelemetry.Tags.Method, Method(context));
        }

        var measurement = new Measurement(this, context, operation, activity, Stopwatch.GetTimestamp());
        context.Response.RegisterForDispose(measurement);
        return measurement;
    }

    /// <summary>
    /// The method in its one spelling: routing matches methods whatever their case, so "gEt" reaches an operation too
    /// and would otherwise be a series of its own.
    /// </summary>
    private static string Method(HttpContext context) => HttpMethods.GetCanonicalizedValue(context.Request.Method);

    /// <summary>One request's measurement; recorded once, when the host disposes of it at the request's end.</summary>
    public sealed class Measurement(OperationSignals signals, HttpContext context, string operation, Activity? activity, long started)
        : IDisposable
    {
        private int _recorded;

        public string Operation => operation;

        public Activity? Activity => activity;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _recorded, 1) == 1)
            {
                return;
            }

            var status = context.Response.StatusCode;
            if (activity is not null)
            {
                activity.SetTag(ContextTelemetry.Tags.StatusCode, status);
                activity.SetTag(ContextTelemetry.Tags.StatusClass, StatusClass(status));
                if (status >= 500)
                {
                    activity.SetStatus(ActivityStatusCode.Error);
                }

                activity.Stop();
            }

            // Asked per request, so that a listener that starts later gets the next request; without one no tag is made.
            if (!signals._duration.Enabled)
            {
                return;
            }

            var tags = new TagList
            {
                { ContextTelemetry.Tags.Route, operation },
                { ContextTelemetry.Tags.Method, Method(context) },
                { ContextTelemetry.Tags.StatusCode, status },
                { ContextTelemetry.Tags.StatusClass, StatusClass(status) },
            };
            if (status >= 500)
            {
                tags.Add(ContextTelemetry.Tags.ErrorType, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            signals._duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }

        private static string StatusClass(int status) => status switch
        {
            < 200 => "1xx",
            < 300 => "2xx",
            < 400 => "3xx",
            < 500 => "4xx",
            _ => "5xx",
        };
    }
}
