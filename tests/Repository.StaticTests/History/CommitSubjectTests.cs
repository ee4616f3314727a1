using System.Diagnostics;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.History;

/// <summary>
/// Commit subjects stay readable in one line of <c>git log --oneline</c> and of GitHub's lists: at most 72 characters,
/// for every commit since the rule was made (earlier history is left as it is).
/// </summary>
public sealed class CommitSubjectTests
{
    private const int MaxSubjectLength = 72;
    private static readonly DateTimeOffset RuleSince = new(2026, 12, 5, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryCommitSubjectSinceTheRuleIsAtMost72Characters()
    {
        Assert.True(
            Directory.Exists(RepositoryFiles.PathOf(".git")) || File.Exists(RepositoryFiles.PathOf(".git")),
            "the tests run in a git checkout of the repository (CI clones it)");

        var start = new ProcessStartInfo("git", ["log", $"--since={RuleSince:yyyy-MM-ddTHH:mm:ssZ}", "--format=%h %s"])
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start)!;
        var log = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, await git.StandardError.ReadToEndAsync());

        var tooLong = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Length > MaxSubjectLength)
            .ToList();
        Assert.True(tooLong.Count == 0, $"subjects longer than {MaxSubjectLength} characters:\n{string.Join('\n', tooLong)}");
    }
}
