using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ContextStore.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Cosmos;

/// <summary>
/// A Cosmos DB client handler (above the SDK's retries: it sees each call once, as the store made it): records the
/// request units of <c>x-ms-request-charge</c> for the operation that made the call (<see cref="CurrentOperation"/>),
/// counts 429s and timeouts, and logs the SDK's diagnostics for a call slower than
/// <see cref="CosmosOptions.SlowRequestThreshold"/>: at most one such warning per operation per
/// <see cref="SlowCallLogInterval"/>, so an outage (every call slow) does not flood the logs; the next warning counts the
/// calls left out, and every slow call's trace carries its diagnostics anyway.
/// </summary>
public sealed partial class CosmosRequestSignals(ContextMetrics metrics, IOptions<CosmosOptions> options, ILogger<CosmosRequestSignals> logger)
    : RequestHandler
{
    public static readonly TimeSpan SlowCallLogInterval = TimeSpan.FromSeconds(10);

    private const string RequestChargeHeader = "x-ms-request-charge";

    /// <summary>Per operation (a bounded set of names): when its next warning may be written, and the slow calls left out since.</summary>
    private readonly ConcurrentDictionary<string, SlowCalls> _slowCalls = new(StringComparer.Ordinal);

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CosmosException e)
        {
            if (metrics.MeasuresCosmosCalls)
            {
                metrics.CosmosCall(CosmosOperationName.Of(request), (int)e.StatusCode, e.RequestCharge);
            }

            LogIfSlow(request, (int)e.StatusCode, started, e.Diagnostics);
            throw;
        }
        catch (OperationCanceledException e) when (!CurrentOperation.IsCancelledByCaller)
        {
            // The store's deadline for the call (CosmosFailures.Guard), not a client that went away.
            if (metrics.MeasuresCosmosCalls)
            {
                metrics.CosmosCallTimedOut(CosmosOperationName.Of(request));
            }

            LogIfSlow(request, statusCode: 0, started, (e as CosmosOperationCanceledException)?.Diagnostics);
            throw;
        }

        if (metrics.MeasuresCosmosCalls)
        {
            // Named and its charge header parsed only when someone listens: most of this handler's cost per call.
            metrics.CosmosCall(CosmosOperationName.Of(request), (int)response.StatusCode, RequestCharge(response));
        }

        LogIfSlow(request, (int)response.StatusCode, started, response.Diagnostics);
        return response;
    }

    /// <summary>
    /// The answer's <c>x-ms-request-charge</c> (0 without one, as the SDK reads it), or null when it is no number: the SDK's
    /// own getter throws then, and measuring must not fail a call that Cosmos DB answered.
    /// </summary>
    private static double? RequestCharge(ResponseMessage response) =>
        response.Headers[RequestChargeHeader] is not { } value ? 0
        : double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var charge) ? charge
        : null;

    private void LogIfSlow(RequestMessage request, int statusCode, long started, CosmosDiagnostics? diagnostics)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed < options.Value.SlowRequestThreshold || !logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var cosmosOperation = CosmosOperationName.Of(request);
        var operation = CurrentOperation.Name ?? cosmosOperation;
        if (_slowCalls.GetOrAdd(operation, _ => new SlowCalls()).TryTakeTurn(Stopwatch.GetTimestamp(), out var leftOut))
        {
            SlowCall(cosmosOperation, operation, statusCode, elapsed.TotalMilliseconds, leftOut, diagnostics?.ToString() ?? "(none)");
        }
    }

    /// <summary>One operation's slow calls: whether one may be logged now, and how many were not since the last that was.</summary>
    private sealed class SlowCalls
    {
        private readonly Lock _gate = new();
        private long _nextAt;
        private int _leftOut;

        public bool TryTakeTurn(long now, out int leftOut)
        {
            lock (_gate)
            {
                if (_nextAt != 0 && now < _nextAt)
                {
                    _leftOut++;
                    leftOut = 0;
                    return false;
                }

                _nextAt = now + (long)(SlowCallLogInterval.TotalSeconds * Stopwatch.Frequency);
                (leftOut, _leftOut) = (_leftOut, 0);
                return true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Slow Cosmos DB call: {CosmosOperation} for {Operation} answered {StatusCode} in {ElapsedMs:0} ms " +
            "({SlowCallsNotLogged} slow calls of it not logged since the last); diagnostics: {CosmosDiagnostics}")]
    private partial void SlowCall(
        string cosmosOperation, string operation, int statusCode, double elapsedMs, int slowCallsNotLogged, string cosmosDiagnostics);
}
