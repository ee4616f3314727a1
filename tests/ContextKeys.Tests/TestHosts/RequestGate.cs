using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ContextKeys.Tests.TestHosts;

/// <summary>
/// In front of a server's API: counts the requests it receives (by method) and, while <see cref="Busy"/> is set,
/// answers every request 503 with <c>Retry-After: 1</c> as an overloaded endpoint does. Optionally told of each write.
/// </summary>
public sealed class RequestGate : IStartupFilter
{
    private int _reads;
    private int _writes;
    private int _refused;

    public volatile bool Busy;

    /// <summary>Called after each PATCH, PUT or POST the server answered, with its number among the writes received.</summary>
    public Action<int>? AfterWrite { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    public int RefusedAsBusy => Volatile.Read(ref _refused);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (Busy)
            {
                Interlocked.Increment(ref _refused);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsJsonAsync(new { message = "busy (test)" });
                return;
            }

            var isWrite = HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPost(context.Request.Method);
            var count = Interlocked.Increment(ref isWrite ? ref _writes : ref _reads);
            await nextMiddleware(context);
            if (isWrite)
            {
                AfterWrite?.Invoke(count);
            }
        });
        next(app);
    };
}
