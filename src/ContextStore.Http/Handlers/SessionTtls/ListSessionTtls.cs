using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Names;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionTtls;

/// <summary>T2: GET …/namespace/{ns}/session: the sessions that have their own TTL.</summary>
public sealed class ListSessionTtls(RequestPipeline pipeline, Sessions.SessionTtls ttls)
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, accountId, async (account, cancellationToken) =>
        {
            var sessions = await ttls.ListAsync(account, RequestNames.Namespace(ns), cancellationToken);
            return ApiResults.Json(sessions
                .Select(s => new SessionTtlBody(s.SessionId, ContextJson.Timestamp(s.CreatedAt), s.TtlSecond))
                .ToList());
        });
}
