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
            .WithName(nameof(CreateNamespace));
        app.MapGet(ContextRoutes.Account, (HttpRequest r, string accountId) => listNamespaces.HandleAsync(r, accountId))
            .WithName(nameof(ListNamespaces));
        app.MapDelete(ContextRoutes.Namespace, (HttpRequest r, string accountId, string ns) => deleteNamespace.HandleAsync(r, accountId, ns))
            .WithName(nameof(DeleteNamespace));

        app.MapPatch(ContextRoutes.NamespaceProperties, (HttpRequest r, string accountId, string ns) =>
            setNamespaceProperties.HandleAsync(r, accountId, ns)).WithName(nameof(SetNamespaceProperties));
        app.MapPut(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property) =>
            setNamespaceProperty.HandleAsync(r, accountId, ns, property)).WithName(nameof(SetNamespaceProperty));
        app.MapGet(ContextRoutes.NamespaceProperties, (HttpRequest r, string accountId, string ns) =>
            getNamespaceProperties.HandleAsync(r, accountId, ns)).WithName(nameof(GetNamespaceProperties));
        app.MapGet(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property) =>
            getNamespaceProperty.HandleAsync(r, accountId, ns, property)).WithName(nameof(GetNamespaceProperty));
        app.MapDelete(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property) =>
            deleteNamespaceProperty.HandleAsync(r, accountId, ns, property)).WithName(nameof(DeleteNamespaceProperty));

        app.MapPatch(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId) =>
            setSessionProperties.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(SetSessionProperties));
        app.MapPut(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property) =>
            setSessionProperty.HandleAsync(r, accountId, ns, sessionId, property)).WithName(nameof(SetSessionProperty));
        app.MapGet(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId) =>
            getSessionProperties.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(GetSessionProperties));
        app.MapGet(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property) =>
            getSessionProperty.HandleAsync(r, accountId, ns, sessionId, property)).WithName(nameof(GetSessionProperty));
        app.MapDelete(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property) =>
            deleteSessionProperty.HandleAsync(r, accountId, ns, sessionId, property)).WithName(nameof(DeleteSessionProperty));
        app.MapDelete(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId) =>
            deleteSessionProperties.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(DeleteSessionProperties));

        app.MapGet(ContextRoutes.SessionIds, (HttpRequest r, string accountId, string ns) =>
            listSessionIds.HandleAsync(r, accountId, ns)).WithName(nameof(ListSessionIds));
        app.MapGet(ContextRoutes.SessionsWithProperties, (HttpRequest r, string accountId, string ns) =>
            listSessionsWithProperties.HandleAsync(r, accountId, ns)).WithName(nameof(ListSessionsWithProperties));

        app.MapPost(ContextRoutes.SessionTtls, (HttpRequest r, string accountId, string ns) =>
            setSessionTtl.HandleAsync(r, accountId, ns)).WithName(nameof(SetSessionTtl));
        app.MapGet(ContextRoutes.SessionTtls, (HttpRequest r, string accountId, string ns) =>
            listSessionTtls.HandleAsync(r, accountId, ns)).WithName(nameof(ListSessionTtls));
        app.MapDelete(ContextRoutes.SessionTtl, (HttpRequest r, string accountId, string ns, string sessionId) =>
            deleteSession.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(DeleteSession));
        return app;
    }
}
