using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.Listing.ListSessionIds;

namespace ContextFunctions.Functions.Listing;

public sealed class ListSessionIds(Handler handler)
{
    [Function(nameof(ListSessionIds))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionIds)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
