using Microsoft.AspNetCore.Routing;

namespace ContextStore.Http.Operations;

/// <summary>The route values of a request, as the router matched them (empty where the route has none).</summary>
public readonly record struct RouteArguments(string AccountId, string Namespace = "", string SessionId = "", string Property = "")
{
    public static RouteArguments From(RouteValueDictionary values) => new(
        Text(values, "accountId"), Text(values, "ns"), Text(values, "sessionId"), Text(values, "property"));

    private static string Text(RouteValueDictionary values, string name) =>
        values.TryGetValue(name, out var value) ? value as string ?? "" : "";
}
