using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Handlers.Listing;

/// <summary>L2: GET …/{ns}/session-properties?page=&amp;perPage=: the page is found first, its sessions are streamed.</summary>
public sealed class ListSessionsWithProperties(
    RequestPipeline pipeline, SessionListing listing, ILogger<ListSessionsWithProperties> logger) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, nameof(ListSessionsWithProperties), accountId, async (account, cancellationToken) =>
        {
            var page = RequestParameters.ParsePage(request.Query["page"], request.Query["perPage"]);
            var name = RequestNames.Namespace(ns);
            var rows = await listing.ListPageAsync(account, name, page, cancellationToken);
            return new StreamedJsonArrayResult<ListedSession>(
                listing.ReadSessionsAsync(account, name, rows, cancellationToken), ListedSessionJson.AppendAsync, "sessions", logger);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace);
}
