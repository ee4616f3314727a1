using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Handlers.SessionTtls;

/// <summary>T2: GET …/namespace/{ns}/session: the sessions that have their own TTL, streamed.</summary>
public sealed class ListSessionTtls(RequestPipeline pipeline, Sessions.SessionTtls ttls, ILogger<ListSessionTtls> logger) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, nameof(ListSessionTtls), accountId, (account, cancellationToken) =>
        {
            var sessions = ttls.StreamAsync(account, RequestNames.Namespace(ns), cancellationToken)
                .Select(s => new SessionTtlBody(s.SessionId, ContextJson.Timestamp(s.CreatedAt), s.TtlSecond));
            return Task.FromResult<IResult>(StreamedJsonArrayResult<SessionTtlBody>.Serialized(sessions, "session TTLs", logger));
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace);
}
