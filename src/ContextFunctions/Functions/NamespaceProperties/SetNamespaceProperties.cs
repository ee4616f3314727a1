using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.NamespaceProperties.SetNamespaceProperties;

namespace ContextFunctions.Functions.NamespaceProperties;

public sealed class SetNamespaceProperties(Handler handler)
{
    [Function(nameof(SetNamespaceProperties))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ContextRoutes.NamespaceProperties)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
