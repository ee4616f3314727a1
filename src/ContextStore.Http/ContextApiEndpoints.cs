using ContextStore.Http.Handlers.Listing;
using ContextStore.Http.Handlers.NamespaceProperties;
using ContextStore.Http.Handlers.Namespaces;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Handlers.SessionTtls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextStore.Http;

/// <summary>Maps every operation of the contract, N1…T3, onto an ASP.NET Core router (ContextServer).</summary>
public static class ContextApiEndpoints
{
    public static IEndpointRouteBuilder MapContextApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ContextRoutes.Account, (HttpRequest r, string accountId, CreateNamespace h) => h.HandleAsync(r, accountId))
            .WithName(nameof(CreateNamespace));
        app.MapGet(ContextRoutes.Account, (HttpRequest r, string accountId, ListNamespaces h) => h.HandleAsync(r, accountId))
            .WithName(nameof(ListNamespaces));
        app.MapDelete(ContextRoutes.Namespace, (HttpRequest r, string accountId, string ns, DeleteNamespace h) => h.HandleAsync(r, accountId, ns))
            .WithName(nameof(DeleteNamespace));

        app.MapPatch(ContextRoutes.NamespaceProperties, (HttpRequest r, string accountId, string ns, SetNamespaceProperties h) =>
            h.HandleAsync(r, accountId, ns)).WithName(nameof(SetNamespaceProperties));
        app.MapPut(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property, SetNamespaceProperty h) =>
            h.HandleAsync(r, accountId, ns, property)).WithName(nameof(SetNamespaceProperty));
        app.MapGet(ContextRoutes.NamespaceProperties, (HttpRequest r, string accountId, string ns, GetNamespaceProperties h) =>
            h.HandleAsync(r, accountId, ns)).WithName(nameof(GetNamespaceProperties));
        app.MapGet(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property, GetNamespaceProperty h) =>
            h.HandleAsync(r, accountId, ns, property)).WithName(nameof(GetNamespaceProperty));
        app.MapDelete(ContextRoutes.NamespaceProperty, (HttpRequest r, string accountId, string ns, string property, DeleteNamespaceProperty h) =>
            h.HandleAsync(r, accountId, ns, property)).WithName(nameof(DeleteNamespaceProperty));

        app.MapPatch(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId, SetSessionProperties h) =>
            h.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(SetSessionProperties));
        app.MapPut(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property, SetSessionProperty h) =>
            h.HandleAsync(r, accountId, ns, sessionId, property)).WithName(nameof(SetSessionProperty));
        app.MapGet(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId, GetSessionProperties h) =>
            h.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(GetSessionProperties));
        app.MapGet(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property, GetSessionProperty h) =>
            h.HandleAsync(r, accountId, ns, sessionId, property)).WithName(nameof(GetSessionProperty));
        app.MapDelete(ContextRoutes.SessionProperty, (HttpRequest r, string accountId, string ns, string sessionId, string property, DeleteSessionProperty h) =>
            h.HandleAsync(r, accountId, ns, sessionId, property)).WithName(nameof(DeleteSessionProperty));
        app.MapDelete(ContextRoutes.SessionProperties, (HttpRequest r, string accountId, string ns, string sessionId, DeleteSessionProperties h) =>
            h.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(DeleteSessionProperties));

        app.MapGet(ContextRoutes.SessionIds, (HttpRequest r, string accountId, string ns, ListSessionIds h) =>
            h.HandleAsync(r, accountId, ns)).WithName(nameof(ListSessionIds));
        app.MapGet(ContextRoutes.SessionsWithProperties, (HttpRequest r, string accountId, string ns, ListSessionsWithProperties h) =>
            h.HandleAsync(r, accountId, ns)).WithName(nameof(ListSessionsWithProperties));

        app.MapPost(ContextRoutes.SessionTtls, (HttpRequest r, string accountId, string ns, SetSessionTtl h) =>
            h.HandleAsync(r, accountId, ns)).WithName(nameof(SetSessionTtl));
        app.MapGet(ContextRoutes.SessionTtls, (HttpRequest r, string accountId, string ns, ListSessionTtls h) =>
            h.HandleAsync(r, accountId, ns)).WithName(nameof(ListSessionTtls));
        app.MapDelete(ContextRoutes.SessionTtl, (HttpRequest r, string accountId, string ns, string sessionId, DeleteSession h) =>
            h.HandleAsync(r, accountId, ns, sessionId)).WithName(nameof(DeleteSession));
        return app;
    }
}
