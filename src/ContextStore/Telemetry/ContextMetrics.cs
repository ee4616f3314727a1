using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContextStore.Telemetry;

/// <summary>
/// The store's instruments on the <see cref="ContextTelemetry.Name"/> meter, made through <see cref="IMeterFactory"/>
/// (so each host's, and each test's, service provider has meters of its own). Names and meanings: docs/operations.md,
/// "Signals".
/// </summary>
public sealed class ContextMetrics
{
    private static readonly InstrumentAdvice<double> RequestChargeBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
    };

    private static readonly InstrumentAdvice<int> BatchSizeBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256],
    };

    private static readonly InstrumentAdvice<double> SweepDurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800],
    };

    private readonly Histogram<double> _requestCharge;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _timeouts;
    private readonly Histogram<int> _writeBatchSize;
    private readonly Counter<long> _sweepRuns;
    private readonly Counter<long> _sweepRemovedSessions;
    private readonly Histogram<double> _sweepDuration;
    private readonly Counter<long> _keyVaultReads;
    private readonly Counter<long> _keyVaultReadFailures;
    private readonly Counter<long> _keyVaultGraceAnswers;

    public ContextMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ContextTelemetry.Name);
        _requestCharge = meter.CreateHistogram(
            "contextstore.cosmos.request_charge", "RU", "Request units Cosmos DB charged for one call (retries included).",
            advice: RequestChargeBuckets);
        _throttled = meter.CreateCounter<long>(
            "contextstore.cosmos.throttled", "{call}", "Cosmos DB calls that ended in 429 after the SDK's own retries.");
        _timeouts = meter.CreateCounter<long>(
            "contextstore.cosmos.timeouts", "{call}", "Cosmos DB calls that timed out or ended in 408 or 503.");
        _writeBatchSize = meter.CreateHistogram(
            "contextstore.write_batch.size", "{write}", "Writes to one session saved together by one read and one conditional write.",
            advice: BatchSizeBuckets);
        _sweepRuns = meter.CreateCounter<long>("contextstore.sweep.runs", "{run}", "Expired-session sweeps run (error.type when one failed).");
        _sweepRemovedSessions = meter.CreateCounter<long>(
            "contextstore.sweep.removed_sessions", "{session}", "Session documents the expired-session sweep removed.");
        _sweepDuration = meter.CreateHistogram(
            "contextstore.sweep.duration", "s", "How long one expired-session sweep took.", advice: SweepDurationBuckets);
        _keyVaultReads = meter.CreateCounter<long>("contextstore.keyvault.reads", "{read}", "Reads of an account's API key secret from Key Vault.");
        _keyVaultReadFailures = meter.CreateCounter<long>(
            "contextstore.keyvault.read_failures", "{read}", "Key Vault reads that failed (unreachable, throttled, refused); error.type says how.");
        _keyVaultGraceAnswers = meter.CreateCounter<long>(
            "contextstore.keyvault.grace_answers", "{answer}",
            "Keys accepted while Key Vault could not be read, because they were verified within the grace period.");
    }

    /// <summary>
    /// Whether anyone listens to the Cosmos DB call instruments now: without a listener a call's name and charge are not
    /// worked out at all. Asked per call, so a listener that starts later gets the next call.
    /// </summary>
    public bool MeasuresCosmosCalls => _requestCharge.Enabled || _throttled.Enabled || _timeouts.Enabled;

    /// <summary>One Cosmos DB call's charge, for the current operation (or, outside one, Cosmos DB's operation type).</summary>
    /// <param name="requestCharge">Null when the answer's charge could not be read: the call is still counted.</param>
    public void CosmosCall(string cosmosOperation, int statusCode, double? requestCharge)
    {
        var tags = CosmosTags(cosmosOperation, statusCode);
        if (requestCharge is { } charge)
        {
            _requestCharge.Record(charge, tags);
        }

        if (statusCode == 429)
        {
            _throttled.Add(1, tags);
        }
        else if (statusCode is 408 or 503)
        {
            _timeouts.Add(1, tags);
        }
    }

    /// <summary>A Cosmos DB call that ended without an answer because it did not get one in time.</summary>
    public void CosmosCallTimedOut(string cosmosOperation) => _timeouts.Add(1, CosmosTags(cosmosOperation, statusCode: null));

    public void WriteBatch(int writes) => _writeBatchSize.Record(writes);

    /// <param name="failure">The exception that ended the sweep, or null when it completed.</param>
    public void SweepRun(TimeSpan duration, int removedSessions, Exception? failure)
    {
        var tags = failure is null ? default : new TagList { { ContextTelemetry.Tags.ErrorType, failure.GetType().FullName } };
        _sweepRuns.Add(1, tags);
        _sweepDuration.Record(duration.TotalSeconds, tags);
        if (removedSessions > 0)
        {
            _sweepRemovedSessions.Add(removedSessions);
        }
    }

    public void KeyVaultRead() => _keyVaultReads.Add(1);

    /// <param name="errorType">Low-cardinality: an HTTP status code, <c>timeout</c>, or an exception's type name.</param>
    public void KeyVaultReadFailed(string errorType) =>
        _keyVaultReadFailures.Add(1, new KeyValuePair<string, object?>(ContextTelemetry.Tags.ErrorType, errorType));

    public void KeyVaultGraceAnswer() => _keyVaultGraceAnswers.Add(1);

    private static TagList CosmosTags(string cosmosOperation, int? statusCode)
    {
        var tags = new TagList
        {
            { ContextTelemetry.Tags.Operation, CurrentOperation.Name ?? cosmosOperation },
            { ContextTelemetry.Tags.CosmosOperation, cosmosOperation },
        };
        if (statusCode is { } code)
        {
            tags.Add(ContextTelemetry.Tags.CosmosStatusCode, code);
        }

        return tags;
    }
}
