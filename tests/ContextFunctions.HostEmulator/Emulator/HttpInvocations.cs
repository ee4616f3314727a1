using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Yarp.ReverseProxy.Forwarder;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// One HTTP request as one invocation, the way the host runs HTTP functions with ASP.NET Core integration: the
/// InvocationRequest (with the route values in its trigger metadata) goes over the event stream while the request
/// itself is forwarded to the worker's own HTTP endpoint; the worker pairs the two by invocation id and writes the
/// function's answer to the forwarded request.
/// </summary>
public sealed class HttpInvocations(WorkerChannel channel, Uri workerHttpUri, IHttpForwarder forwarder) : IDisposable
{
    /// <summary>Longer than the worker waits for either leg: a missing InvocationResponse shows as a failure, not a hang.</summary>
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpMessageInvoker _toWorker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public async Task InvokeAsync(HttpContext context, LoadedFunction function)
    {
        var invocation = InvocationRequests.For(
            function, new TypedData { Http = new RpcHttp { Method = context.Request.Method, Url = context.Request.GetDisplayUrl() } });
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text)
            {
                invocation.TriggerMetadata[name] = new TypedData { String = text };
            }
        }

        var response = channel.InvokeAsync(invocation, context.RequestAborted);
        await forwarder.SendAsync(
            context, workerHttpUri.ToString(), _toWorker, ForwarderRequestConfig.Empty, new InvocationTransformer(invocation.InvocationId));

        InvocationResponse answer;
        try
        {
            answer = await response.WaitAsync(InvocationTimeout, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (answer.Result.Status != StatusResult.Types.Status.Success && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    public void Dispose() => _toWorker.Dispose();
}
