using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace ContextServer.EndToEndTests;

/// <summary>One route ContextServer serves: its endpoint name, its one verb and its template.</summary>
public sealed record ServedRoute(string? Name, string Verb, string Template);

/// <summary>Reads ContextServer's routes from an app built as ContextServer builds itself, without starting it.</summary>
public static class ServedRoutes
{
    public static async Task<List<ServedRoute>> ReadAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = "http://127.0.0.1:1",
            ["Sweeper:Enabled"] = "false",
        });
        builder.AddContextServer();
        await using var app = builder.Build();
        app.UseContextServer();

        var routes = new List<ServedRoute>();
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var verbs = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.True(verbs.Count == 1, $"{endpoint.RoutePattern.RawText}: a route needs one verb");
            routes.Add(new ServedRoute(
                endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, verbs[0], endpoint.RoutePattern.RawText!));
        }

        return routes;
    }
}
