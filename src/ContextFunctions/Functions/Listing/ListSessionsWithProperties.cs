using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.Listing.ListSessionsWithProperties;

namespace ContextFunctions.Functions.Listing;

public sealed class ListSessionsWithProperties(Handler handler)
{
    [Function(nameof(ListSessionsWithProperties))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionsWithProperties)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
