using System.Diagnostics;
using ContextStore.Telemetry;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Cosmos;

/// <summary>
/// A Cosmos DB client handler (above the SDK's retries: it sees each call once, as the store made it): records the
/// request units of <c>x-ms-request-charge</c> for the operation that made the call (<see cref="CurrentOperation"/>),
/// counts 429s and timeouts, and logs the SDK's diagnostics for a call slower than
/// <see cref="CosmosOptions.SlowRequestThreshold"/>.
/// </summary>
public sealed partial class CosmosRequestSignals(ContextMetrics metrics, IOptions<CosmosOptions> options, ILogger<CosmosRequestSignals> logger)
    : RequestHandler
{
    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var cosmosOperation = CosmosOperationName.Of(request);
        var started = Stopwatch.GetTimestamp();
        ResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CosmosException e)
        {
            metrics.CosmosCall(cosmosOperation, (int)e.StatusCode, e.RequestCharge);
            LogIfSlow(cosmosOperation, (int)e.StatusCode, started, e.Diagnostics);
            throw;
        }
        catch (OperationCanceledException e) when (!CurrentOperation.IsCancelledByCaller)
        {
            // The store's deadline for the call (CosmosFailures.Guard), not a client that went away.
            metrics.CosmosCallTimedOut(cosmosOperation);
            LogIfSlow(cosmosOperation, statusCode: 0, started, (e as CosmosOperationCanceledException)?.Diagnostics);
            throw;
        }

        metrics.CosmosCall(cosmosOperation, (int)response.StatusCode, response.Headers.RequestCharge);
        LogIfSlow(cosmosOperation, (int)response.StatusCode, started, response.Diagnostics);
        return response;
    }

    private void LogIfSlow(string cosmosOperation, int statusCode, long started, CosmosDiagnostics? diagnostics)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed >= options.Value.SlowRequestThreshold && logger.IsEnabled(LogLevel.Warning))
        {
            SlowCall(cosmosOperation, CurrentOperation.Name ?? "(none)", statusCode, elapsed.TotalMilliseconds, diagnostics?.ToString() ?? "(none)");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Slow Cosmos DB call: {CosmosOperation} for {Operation} answered {StatusCode} in {ElapsedMs:0} ms; diagnostics: {CosmosDiagnostics}")]
    private partial void SlowCall(string cosmosOperation, string operation, int statusCode, double elapsedMs, string cosmosDiagnostics);
}
