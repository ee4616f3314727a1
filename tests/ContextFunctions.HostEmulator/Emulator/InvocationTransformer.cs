using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// The request as the host forwards it to the worker: the client's request target exactly as it arrived (no
/// decoding or normalising of the path) and the invocation id that pairs it with its InvocationRequest.
/// </summary>
public sealed class InvocationTransformer(string invocationId) : HttpTransformer
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var rawTarget = httpContext.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        proxyRequest.RequestUri = new Uri(
            destinationPrefix.TrimEnd('/') + rawTarget, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        proxyRequest.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
    }
}
