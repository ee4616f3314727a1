using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Names;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.Listing;

/// <summary>L2: GET …/{ns}/session-properties?page=&amp;perPage=.</summary>
public sealed class ListSessionsWithProperties(RequestPipeline pipeline, SessionListing listing)
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, accountId, async cancellationToken =>
        {
            var page = RequestParameters.ParsePage(request.Query["page"], request.Query["perPage"]);
            var sessions = await listing.ListWithPropertiesAsync(accountId, RouteNames.Namespace(ns), page, cancellationToken);
            return ApiResults.Json(sessions.Select(s => new SessionPropertiesBody(s.SessionId, s.Properties)).ToList());
        });
}
