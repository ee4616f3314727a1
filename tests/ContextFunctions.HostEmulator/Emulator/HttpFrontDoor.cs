using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// The host's HTTP side on a free loopback port: ASP.NET Core routing over the HTTP functions' route templates
/// (with host.json's route prefix) and methods. A request that no function's route and method match gets a bare 404,
/// as from the real host.
/// </summary>
public sealed class HttpFrontDoor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpInvocations _invocations;

    private HttpFrontDoor(WebApplication app, HttpInvocations invocations, Uri address)
    {
        _app = app;
        _invocations = invocations;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<HttpFrontDoor> StartAsync(
        IReadOnlyList<LoadedFunction> functions, string routePrefix, WorkerChannel channel, Uri workerHttpUri)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var invocations = new HttpInvocations(channel, workerHttpUri, app.Services.GetRequiredService<IHttpForwarder>());

        // As the real host's route table, which constrains each function's route by its methods: a route whose
        // method does not match is passed over for the next one, and what no route takes is a bare 404, never a 405.
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
            {
                context.Response.Headers.Allow = default;
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        });
        foreach (var function in functions.Where(f => f.Trigger.IsHttp))
        {
            var template = Template(routePrefix, function.Trigger.Route ?? function.Name);
            if (function.Trigger.Methods.Count == 0)
            {
                app.Map(template, context => invocations.InvokeAsync(context, function));
            }
            else
            {
                app.MapMethods(template, function.Trigger.Methods, context => invocations.InvokeAsync(context, function));
            }
        }

        app.MapFallback(NotFound);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new HttpFrontDoor(app, invocations, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        _invocations.Dispose();
    }

    private static string Template(string routePrefix, string route) =>
        string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}";

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
