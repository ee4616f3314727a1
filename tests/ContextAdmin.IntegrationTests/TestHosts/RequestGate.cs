using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ContextAdmin.IntegrationTests.TestHosts;

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

    private int _listingsToBreak;

    /// <summary>The next <paramref name="count"/> L2 listings send half of their answer, then the connection drops.</summary>
    public void BreakListings(int count) => Volatile.Write(ref _listingsToBreak, count);

    public int ListingsBroken { get; private set; }

    /// <summary>Called after each PATCH, PUT or POST the server answered, with its number among the writes received.</summary>
    public Action<int>? AfterWrite { get; set; }

    /// <summary>Called after each L2 listing the server answered, with its number among the listings received.</summary>
    public Action<int>? AfterListing { get; set; }

    private int _listings;

    /// <summary>Awaited before each request reaches the server (to hold some requests back).</summary>
    public Func<HttpContext, Task>? BeforeRequest { get; set; }

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

            if (context.Request.Path.Value?.EndsWith("/session-properties", StringComparison.Ordinal) == true
                && Interlocked.Decrement(ref _listingsToBreak) >= 0)
            {
                await SendHalfThenDropAsync(context, nextMiddleware);
                ListingsBroken++;
                return;
            }

            if (BeforeRequest is { } before)
            {
                await before(context);
            }

            var isWrite = HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPost(context.Request.Method);
            var isListing = context.Request.Path.Value?.EndsWith("/session-properties", StringComparison.Ordinal) == true;
            var count = Interlocked.Increment(ref isWrite ? ref _writes : ref _reads);
            await nextMiddleware(context);
            if (isWrite)
            {
                AfterWrite?.Invoke(count);
            }
            else if (isListing)
            {
                AfterListing?.Invoke(Interlocked.Increment(ref _listings));
            }
        });
        next(app);
    };

    private static async Task SendHalfThenDropAsync(HttpContext context, RequestDelegate next)
    {
        var realBody = context.Response.Body;
        using var buffered = new MemoryStream();
        context.Response.Body = buffered;
        await next(context);
        context.Response.Body = realBody;
        var half = (int)(buffered.Length / 2);
        await realBody.WriteAsync(buffered.GetBuffer().AsMemory(0, half));
        await realBody.FlushAsync();
        context.Abort();
    }
}
