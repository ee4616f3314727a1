using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionTtls;

/// <summary>T1: POST …/namespace/{ns}/session?ttlSecond=n <c>{"sessionId":"s1"}</c>; 0 clears the TTL.</summary>
public sealed class SetSessionTtl(RequestPipeline pipeline, Sessions.SessionTtls ttls) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, nameof(SetSessionTtl), accountId, async (account, cancellationToken) =>
        {
            var ttl = RequestParameters.ParseTtlSecond(request.Query["ttlSecond"]);
            const string expected = "{\"sessionId\":\"<sessionId>\"}";
            var body = await RequestBody.ReadObjectAsync(request, expected, cancellationToken);
            var key = RequestNames.Session(account, ns, RequestBody.RequiredString(body, "sessionId", expected));
            var result = await ttls.SetAsync(key, ttl, cancellationToken);
            return result.Status == WriteStatus.Saved ? ApiResults.NoContent() : ApiResults.From(result);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace);
}
