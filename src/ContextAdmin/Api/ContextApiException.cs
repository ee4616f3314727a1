using System.Net;

namespace ContextAdmin.Api;

/// <summary>An endpoint answered with an error that retrying does not cure (or retries ran out).</summary>
public class ContextApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>
    /// The endpoint refused this one request for what it carries (400, 404, 409, 412, 413, …): other requests can
    /// still succeed. Not 403 (the key), 408 or 429 (the endpoint's state), nor a redirect or a 5xx.
    /// </summary>
    public bool RefusesTheRequest => Status is { } status && (int)status is >= 400 and < 500
        && status is not HttpStatusCode.Forbidden and not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;
}
