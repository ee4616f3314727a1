using System.Diagnostics;

namespace ContextServer;

/// <summary>One structured line per request: method, path, status, duration. Headers (and so API keys) are never logged.</summary>
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    /// <summary>With the line off, the request passes straight through: no timing and no state machine of its own.</summary>
    public Task InvokeAsync(HttpContext context) =>
        logger.IsEnabled(LogLevel.Information) ? LoggedAsync(context) : next(context);

    private async Task LoggedAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch when (context.RequestAborted.IsCancellationRequested)
        {
            // Whatever failed after the client went away (writing to its closed connection) is the client's doing.
            status = StatusCodes.Status499ClientClosedRequest;
            throw;
        }
        finally
        {
            Answered(context.Request.Method, context.Request.Path.Value, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void Answered(string method, string? path, int statusCode, double elapsedMs);
}
