using System.Diagnostics;
using ContextStore.Telemetry;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// An operation's answer, written with the operation still current: a streamed listing reads Cosmos DB while it is
/// written, after the pipeline has returned, and those calls belong to the operation and its activity.
/// </summary>
internal sealed class InOperationResult(IResult result, OperationSignals.Measurement measurement) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => (result as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        // Set for this call only: the continuations inside ExecuteAsync capture them, the caller's flow gets its own back.
        var previousActivity = Activity.Current;
        using var current = CurrentOperation.Begin(measurement.Operation, httpContext.RequestAborted);
        Activity.Current = measurement.Activity ?? previousActivity;
        try
        {
            return result.ExecuteAsync(httpContext);
        }
        finally
        {
            Activity.Current = previousActivity;
        }
    }
}
