using System.Net;

namespace ContextKeys.Api;

/// <summary>An endpoint answered with an error that retrying does not cure (or retries ran out).</summary>
public class ContextApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
