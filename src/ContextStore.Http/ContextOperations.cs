using ContextStore.Http.Handlers.Listing;
using ContextStore.Http.Handlers.NamespaceProperties;
using ContextStore.Http.Handlers.Namespaces;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Handlers.SessionTtls;
using ContextStore.Http.Operations;

namespace ContextStore.Http;

/// <summary>
/// Every operation of the contract (docs/contract.md, N1…T3), declared once: the handlers' registration,
/// ContextServer's routes and the tests' lists of operations are made from this table; the Functions app declares one
/// function per row, which a test compares with it.
/// </summary>
public static class ContextOperations
{
    public static IReadOnlyList<ContextOperation> All { get; } =
    [
        new(nameof(CreateNamespace), "POST", ContextRoutes.Account, typeof(CreateNamespace)),
        new(nameof(ListNamespaces), "GET", ContextRoutes.Account, typeof(ListNamespaces)),
        new(nameof(DeleteNamespace), "DELETE", ContextRoutes.Namespace, typeof(DeleteNamespace)),

        new(nameof(SetNamespaceProperties), "PATCH", ContextRoutes.NamespaceProperties, typeof(SetNamespaceProperties)),
        new(nameof(SetNamespaceProperty), "PUT", ContextRoutes.NamespaceProperty, typeof(SetNamespaceProperty)),
        new(nameof(GetNamespaceProperties), "GET", ContextRoutes.NamespaceProperties, typeof(GetNamespaceProperties)),
        new(nameof(GetNamespaceProperty), "GET", ContextRoutes.NamespaceProperty, typeof(GetNamespaceProperty)),
        new(nameof(DeleteNamespaceProperty), "DELETE", ContextRoutes.NamespaceProperty, typeof(DeleteNamespaceProperty)),

        new(nameof(SetSessionProperties), "PATCH", ContextRoutes.SessionProperties, typeof(SetSessionProperties)),
        new(nameof(SetSessionProperty), "PUT", ContextRoutes.SessionProperty, typeof(SetSessionProperty)),
        new(nameof(GetSessionProperties), "GET", ContextRoutes.SessionProperties, typeof(GetSessionProperties)),
        new(nameof(GetSessionProperty), "GET", ContextRoutes.SessionProperty, typeof(GetSessionProperty)),
        new(nameof(DeleteSessionProperty), "DELETE", ContextRoutes.SessionProperty, typeof(DeleteSessionProperty)),
        new(nameof(DeleteSessionProperties), "DELETE", ContextRoutes.SessionProperties, typeof(DeleteSessionProperties)),

        new(nameof(ListSessionIds), "GET", ContextRoutes.SessionIds, typeof(ListSessionIds)),
        new(nameof(ListSessionsWithProperties), "GET", ContextRoutes.SessionsWithProperties, typeof(ListSessionsWithProperties)),

        new(nameof(SetSessionTtl), "POST", ContextRoutes.SessionTtls, typeof(SetSessionTtl)),
        new(nameof(ListSessionTtls), "GET", ContextRoutes.SessionTtls, typeof(ListSessionTtls)),
        new(nameof(DeleteSession), "DELETE", ContextRoutes.SessionTtl, typeof(DeleteSession)),
    ];
}
