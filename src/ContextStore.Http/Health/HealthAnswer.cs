using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

namespace ContextStore.Http.Health;

/// <summary>The body of a health answer, <c>{"status":"Healthy"}</c>: the overall status only, never a check's description.</summary>
public static class HealthAnswer
{
    public const string ContentType = "application/json";

    /// <summary>Writes the body (the status code is the caller's: the middleware sets its own).</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Body(report.Status.ToString()), JsonSerializerOptions.Web));
    }

    /// <summary>The headers ASP.NET Core's health check middleware sets, so that no cache keeps a probe's answer.</summary>
    public static void PreventCaching(HttpResponse response)
    {
        response.Headers[HeaderNames.CacheControl] = "no-store, no-cache";
        response.Headers[HeaderNames.Pragma] = "no-cache";
        response.Headers[HeaderNames.Expires] = "Thu, 01 Jan 1970 00:00:00 GMT";
    }

    private sealed record Body(string Status);
}
