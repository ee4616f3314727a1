using ContextStore.Http.Responses;

namespace ContextServer;

/// <summary>Serves openapi.yaml (copied beside the app at build time) at <see cref="Path"/>.</summary>
public static class OpenApiDocument
{
    public const string Path = "/openapi.yaml";

    /// <summary>GET (or HEAD) /openapi.yaml: the document copied beside the app at build time; no API key needed.</summary>
    public static async Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.HasValue && request.Path != "/")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var file = System.IO.Path.Combine(AppContext.BaseDirectory, "openapi.yaml");
        if (!File.Exists(file))
        {
            await new ApiError(StatusCodes.Status404NotFound, "openapi.yaml was not deployed with this server.").ExecuteAsync(context);
            return;
        }

        var document = await File.ReadAllBytesAsync(file, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/yaml; charset=utf-8";
        context.Response.ContentLength = document.Length;
        if (HttpMethods.IsGet(request.Method))
        {
            await context.Response.Body.WriteAsync(document, context.RequestAborted);
        }
    }
}
