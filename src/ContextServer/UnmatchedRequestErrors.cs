using ContextStore.Http.Responses;
using Microsoft.AspNetCore.Diagnostics;

namespace ContextServer;

/// <summary>Gives the router's bare 404 and 405 answers the contract's JSON body.</summary>
public static class UnmatchedRequestErrors
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var message = status switch
        {
            StatusCodes.Status404NotFound => "No such route. Paths start with /v1/account/{accountId}.",
            StatusCodes.Status405MethodNotAllowed => $"Method {context.HttpContext.Request.Method} is not allowed on this route.",
            _ => "The request could not be served.",
        };
        return new ApiError(status, message).ExecuteAsync(context.HttpContext);
    }
}
