using System.Reflection;
using System.Text.RegularExpressions;
using ContextStore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace ContextServer.Tests;

/// <summary>
/// The Functions app cannot be built on our machines, so its sources are read as text: every HTTP function
/// must have the name, verb and route under which ContextServer serves the same operation, and do nothing
/// but call that operation's handler.
/// </summary>
public sealed partial class FunctionsRouteDriftTests
{
    private const int OperationCount = 19;

    [Fact]
    public async Task EveryOperationIsOneFunctionWithTheNameVerbAndRouteContextServerServes()
    {
        var functions = HttpFunctions().Select(f => f.Describe()).Order(StringComparer.Ordinal).ToList();
        var served = (await ServedEndpoints()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(served, functions);
        Assert.Equal(OperationCount, functions.Count);
        Assert.Equal(OperationCount, functions.Distinct().Count());
    }

    [Fact]
    public void TheFunctionsAppHasExactlyOneTimerFunction()
    {
        var timers = FunctionSources().Sum(source => TimerTrigger().Count(source.Text));

        Assert.Equal(1, timers);
    }

    [Fact]
    public void EveryHttpFunctionOnlyCallsItsHandler()
    {
        var functions = HttpFunctions();

        Assert.Equal(OperationCount, functions.Count);
        Assert.All(functions, function =>
        {
            Assert.True(function.IsSingleDelegation, $"{function.File}: the function must be '=> handler.HandleAsync(...);' and nothing else");
            Assert.True(function.ClassName == function.Name, $"{function.File}: class {function.ClassName} hosts function {function.Name}");
        });
    }

    private static List<HttpFunction> HttpFunctions()
    {
        var functions = new List<HttpFunction>();
        foreach (var source in FunctionSources())
        {
            var triggers = HttpTrigger().Matches(source.Text);
            if (triggers.Count == 0)
            {
                continue;
            }

            var names = FunctionName().Matches(source.Text);
            Assert.True(triggers.Count == 1 && names.Count == 1, $"{source.File}: expected one [Function] with one [HttpTrigger]");
            var route = typeof(ContextRoutes).GetField(triggers[0].Groups["constant"].Value, BindingFlags.Public | BindingFlags.Static);
            Assert.True(route is { IsLiteral: true }, $"{source.File}: ContextRoutes.{triggers[0].Groups["constant"].Value} is not a route constant");

            functions.Add(new HttpFunction(
                source.File,
                names[0].Groups["name"].Value,
                triggers[0].Groups["verb"].Value.ToUpperInvariant(),
                (string)route.GetRawConstantValue()!,
                ClassName().Match(source.Text).Groups["name"].Value,
                SingleDelegation().IsMatch(source.Text)));
        }

        return functions;
    }

    private static async Task<List<string>> ServedEndpoints()
    {
        var routes = await ServedRoutes.ReadAsync();
        Assert.All(routes, r => Assert.True(r.Name is not null, $"{r.Template}: a route needs a name"));
        return routes.Select(r => new HttpFunction("", r.Name!, r.Verb, r.Template, "", true).Describe()).ToList();
    }

    private static IEnumerable<(string File, string Text)> FunctionSources()
    {
        var project = Path.Combine(RepositoryFiles.Root, "src", "ContextFunctions");
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                && !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Select(file => (Path.GetRelativePath(project, file), File.ReadAllText(file)))
            .ToList();
    }

    [GeneratedRegex("""\[Function\(nameof\((?<name>\w+)\)\)\]""")]
    private static partial Regex FunctionName();

    [GeneratedRegex("""\[HttpTrigger\(AuthorizationLevel\.Anonymous,\s*"(?<verb>\w+)",\s*Route\s*=\s*ContextRoutes\.(?<constant>\w+)\)\]""")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex("""\[TimerTrigger\(""")]
    private static partial Regex TimerTrigger();

    [GeneratedRegex("""\bclass\s+(?<name>\w+)""")]
    private static partial Regex ClassName();

    /// <summary>The method ends the class as <c>) =&gt; handler.HandleAsync(request, …);</c>: no block, no second statement.</summary>
    [GeneratedRegex("""\)\s*=>\s*handler\.HandleAsync\(request(,\s*\w+)*\);\s*\}\s*\z""")]
    private static partial Regex SingleDelegation();

    private sealed record HttpFunction(string File, string Name, string Verb, string Route, string ClassName, bool IsSingleDelegation)
    {
        public string Describe() => $"{Name} {Verb} {Route}";
    }
}
