using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.Listing;

/// <summary>L1: GET …/{ns}/session-ids?page=&amp;perPage=.</summary>
public sealed class ListSessionIds(RequestPipeline pipeline, SessionListing listing) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, nameof(ListSessionIds), accountId, async (account, cancellationToken) =>
        {
            var page = RequestParameters.ParsePage(request.Query["page"], request.Query["perPage"]);
            var ids = await listing.ListIdsAsync(account, RequestNames.Namespace(ns), page, cancellationToken);
            return ApiResults.Json(ids);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace);
}
