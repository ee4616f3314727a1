using ContextStore.Http.Handlers.Listing;
using ContextStore.Http.Handlers.NamespaceProperties;
using ContextStore.Http.Handlers.Namespaces;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Handlers.SessionTtls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContextStore.Http;

/// <summary>Maps every operation of the contract, N1…T3, onto an ASP.NET Core router (ContextServer).</summary>
public static class ContextApiEndpoints
{
    public static IEndpointRouteBuilder MapContextApi(this IEndpointRouteBuilder app)
    {
        // The handlers are singletons, taken once here: a handler parameter would be resolved from each request's
        // services, which opens a DI scope per request that nothing else needs.
        var createNamespace = app.ServiceProvider.GetRequiredService<CreateNamespace>();
        var listNamespaces = app.ServiceProvider.GetRequiredService<ListNamespaces>();
        var deleteNamespace = app.ServiceProvider.GetRequiredService<DeleteNamespace>();
        var setNamespaceProperties = app.ServiceProvider.GetRequiredService<SetNamespaceProperties>();
        var setNamespaceProperty = app.ServiceProvider.GetRequiredService<SetNamespaceProperty>();
        var getNamespaceProperties = app.ServiceProvider.GetRequiredService<GetNamespaceProperties>();
        var getNamespaceProperty = app.ServiceProvider.GetRequiredService<GetNamespaceProperty>();
        var deleteNamespaceProperty = app.ServiceProvider.GetRequiredService<DeleteNamespaceProperty>();
        var setSessionProperties = app.ServiceProvider.GetRequiredService<SetSessionProperties>();
        var setSessionProperty = app.ServiceProvider.GetRequiredService<SetSessionProperty>();
        var getSessionProperties = app.ServiceProvider.GetRequiredService<GetSessionProperties>();
        var getSessionProperty = app.ServiceProvider.GetRequiredService<GetSessionProperty>();
        var deleteSessionProperty = app.ServiceProvider.GetRequiredService<DeleteSessionProperty>();
        var deleteSessionProperties = app.ServiceProvider.GetRequiredService<DeleteSessionProperties>();
        var listSessionIds = app.ServiceProvider.GetRequiredService<ListSessionIds>();
        var listSessionsWithProperties = app.ServiceProvider.GetRequiredService<ListSessionsWithProperties>();
        var setSessionTtl = app.ServiceProvider.GetRequiredService<SetSessionTtl>();
        var listSessionTtls = app.ServiceProvider.GetRequiredService<ListSessionTtls>();
        var deleteSession = app.ServiceProvider.GetRequiredService<DeleteSession>();

        app.MapPost(ContextRoutes.Account, (HttpRequest r, string accountId) => createNamespace.HandleAsync(r, accountId))
            .AsOperation(nameof(CreateNamespace));
        app.MapGet(ContextRoutes.Account, (HttpRequest r, string accountId) => listNamespaces.HandleAsync(r, accountId))
            .AsOperation(nameof(ListNamespaces));
        app.MapDelete(ContextRoutes.Namespace, (HttpRequest r, string accountId, string ns) => deleteNamespace.HandleAsync(r, accountId, ns))
            .AsOperation(nameof(DeleteNamespace));

        app.MapPatch(ContextRoutes.NamespaceProperties, (HttpRequest r, string accountId, string ns) =>
            setNamespaceProperties.HandleAsync(r, accountId, ns)).AsOperation(nameof(SetNamespaceProperties));
        app.MapPut(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property) =>
            setNamespaceProperty.HandleAsync(r, accountId, ns, property)).AsOperation(nameof(SetNamespaceProperty));
        app.MapGet(ContextRoutes.NamespaceProperties, (HttpRequest r, string accountId, string ns) =>
            getNamespaceProperties.HandleAsync(r, accountId, ns)).AsOperation(nameof(GetNamespaceProperties));
        app.MapGet(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property) =>
            getNamespaceProperty.HandleAsync(r, accountId, ns, property)).AsOperation(nameof(GetNamespaceProperty));
        app.MapDelete(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property) =>
            deleteNamespaceProperty.HandleAsync(r, accountId, ns, property)).AsOperation(nameof(DeleteNamespaceProperty));

        app.MapPatch(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId) =>
            setSessionProperties.HandleAsync(r, accountId, ns, sessionId)).AsOperation(nameof(SetSessionProperties));
        app.MapPut(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property) =>
            setSessionProperty.HandleAsync(r, accountId, ns, sessionId, property)).AsOperation(nameof(SetSessionProperty));
        app.MapGet(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId) =>
            getSessionProperties.HandleAsync(r, accountId, ns, sessionId)).AsOperation(nameof(GetSessionProperties));
        app.MapGet(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property) =>
            getSessionProperty.HandleAsync(r, accountId, ns, sessionId, property)).AsOperation(nameof(GetSessionProperty));
        app.MapDelete(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property) =>
            deleteSessionProperty.HandleAsync(r, accountId, ns, sessionId, property)).AsOperation(nameof(DeleteSessionProperty));
        app.MapDelete(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId) =>
            deleteSessionProperties.HandleAsync(r, accountId, ns, sessionId)).AsOperation(nameof(DeleteSessionProperties));

        app.MapGet(ContextRoutes.SessionIds, (HttpRequest r, string accountId, string ns) =>
            listSessionIds.HandleAsync(r, accountId, ns)).AsOperation(nameof(ListSessionIds));
        app.MapGet(ContextRoutes.SessionsWithProperties, (HttpRequest r, string accountId, string ns) =>
            listSessionsWithProperties.HandleAsync(r, accountId, ns)).AsOperation(nameof(ListSessionsWithProperties));

        app.MapPost(ContextRoutes.SessionTtls, (HttpRequest r, string accountId, string ns) =>
            setSessionTtl.HandleAsync(r, accountId, ns)).AsOperation(nameof(SetSessionTtl));
        app.MapGet(ContextRoutes.SessionTtls, (HttpRequest r, string accountId, string ns) =>
            listSessionTtls.HandleAsync(r, accountId, ns)).AsOperation(nameof(ListSessionTtls));
        app.MapDelete(ContextRoutes.SessionTtl, (HttpRequest r, string accountId, string ns, string sessionId) =>
            deleteSession.HandleAsync(r, accountId, ns, sessionId)).AsOperation(nameof(DeleteSession));
        return app;
    }

    /// <summary>Whether routing matched the request to one of the contract's operations (false before routing has run).</summary>
    public static bool IsContractOperation(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ContractOperation>() is not null;

    private static RouteHandlerBuilder AsOperation(this RouteHandlerBuilder endpoint, string name) =>
        endpoint.WithName(name).WithMetadata(ContractOperation.Instance);
}

/// <summary>
/// Endpoint metadata of the contract's operations: each answers every request itself, errors included, through
/// <see cref="Pipeline.RequestPipeline"/>, which also refuses dot segments; a host's middleware for other requests
/// (unmatched routes, health, documents) can let these pass straight through.
/// </summary>
public sealed class ContractOperation
{
    public static ContractOperation Instance { get; } = new();

    private ContractOperation()
    {
    }
}
