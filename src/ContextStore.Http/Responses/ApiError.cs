using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Responses;

/// <summary>A non-2xx answer: JSON <c>{"message": …}</c>, with Retry-After for 429 and 503.</summary>
public sealed class ApiError(int statusCode, string message, TimeSpan? retryAfter = null) : IResult, IStatusCodeHttpResult
{
    public const string InvalidApiKeyMessage = "Provided API Key is either invalid or lacks permission";
    public const string DocumentTooLargeMessage = "document too large";

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string Message { get; } = message;

    public static ApiError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiError Forbidden { get; } = new(StatusCodes.Status403Forbidden, InvalidApiKeyMessage);

    public static ApiError NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ApiError PreconditionFailed { get; } = new(
        StatusCodes.Status412PreconditionFailed, "The session has changed since the ETag given in If-Match.");

    public static ApiError DocumentTooLarge { get; } = new(StatusCodes.Status413PayloadTooLarge, DocumentTooLargeMessage);

    public static ApiError TooManyRequests(TimeSpan retryAfter) => new(
        StatusCodes.Status429TooManyRequests,
        "This account is sending more requests than this service allows; try again after the time in Retry-After.",
        retryAfter);

    public static ApiError ServiceUnavailable(string message, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, message, retryAfter);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return JsonBody.WriteAsync(response, new ErrorBody(Message), httpContext.RequestAborted);
    }
}
