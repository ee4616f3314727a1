using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Live;

/// <summary>
/// L2 leaves out a session deleted while its page streams, so a page can be short without being the last: the copy
/// goes on as long as the ids (L1) list sessions after the last one it copied.
/// </summary>
public sealed class ShortPageTests(ITestOutputHelper log) : ScriptedTransfer
{
    [Fact]
    public async Task APageShortOfASessionDeletedWhileItStreamedIsNotTakenForTheLast()
    {
        Source.AddNamespace("live");
        var ids = Enumerable.Range(0, 250).Select(i => $"s-{i:D3}").ToList();
        foreach (var id in ids)
        {
            Source.SetSession("live", id, $$"""{"id":"{{id}}"}""");
        }

        var shortened = false;
        Source.ShapeSessionPage = (ns, page) =>
        {
            if (shortened || page.Count < 100)
            {
                return page;
            }

            shortened = true;
            Source.RemoveSession(ns, page[50]);
            return [.. page.Where((_, i) => i != 50)];
        };

        var run = await CopyAsync("--page-size", "100");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Equal(
            ids.Where(id => id != "s-050").Select(id => $"PATCH /live/{id}/properties"),
            TargetWrites().Where(w => w.StartsWith("PATCH", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
