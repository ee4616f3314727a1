using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handlers = ContextStore.Http.Handlers;

namespace ContextFunctions.Functions;

/// <summary>L1–L2: the sessions of a namespace: one function per operation, each one call into its handler in ContextStore.Http.</summary>
public sealed class ListingFunctions(
    Handlers.Listing.ListSessionIds listSessionIds,
    Handlers.Listing.ListSessionsWithProperties listSessionsWithProperties)
{
    [Function(nameof(ListSessionIds))]
    public Task<IResult> ListSessionIds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionIds)] HttpRequest request,
        string accountId, string ns) =>
        listSessionIds.HandleAsync(request, accountId, ns);

    [Function(nameof(ListSessionsWithProperties))]
    public Task<IResult> ListSessionsWithProperties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionsWithProperties)] HttpRequest request,
        string accountId, string ns) =>
        listSessionsWithProperties.HandleAsync(request, accountId, ns);
}
