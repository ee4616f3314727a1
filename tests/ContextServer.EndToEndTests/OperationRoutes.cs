using ContextStore.Http;
using ContextStore.Http.Operations;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ContextServer.EndToEndTests;

/// <summary>Which operation of <see cref="ContextOperations"/> a test's request reaches, as the routers choose it.</summary>
public static class OperationRoutes
{
    private static readonly IReadOnlyList<(ContextOperation Operation, TemplateMatcher Matcher, int Literals)> Matchers =
        ContextOperations.All
            .Select(o =>
            {
                var template = TemplateParser.Parse(o.Route);
                return (o, new TemplateMatcher(template, new RouteValueDictionary()), template.Segments.Count(s => s.IsSimple && s.Parts[0].IsLiteral));
            })
            .ToList();

    /// <summary>The name of the operation that <paramref name="method"/> on <paramref name="path"/> (query ignored) reaches.</summary>
    public static string NameOf(string method, string path)
    {
        var target = path.Split('?')[0];
        // A literal segment wins over a parameter: of the routes that match, the one with the most literals.
        return Matchers
            .Where(m => m.Operation.Method == method && m.Matcher.TryMatch(target, new RouteValueDictionary()))
            .OrderByDescending(m => m.Literals)
            .Select(m => m.Operation.Name)
            .First();
    }
}
