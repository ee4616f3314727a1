using System.Text.RegularExpressions;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// The azd hooks in hooks/ are shims: each runs one command line of the tool (context-admin azd &lt;hook&gt;) and passes
/// its exit code on, so nothing platform-specific is left to test. This machine has no PowerShell, so the .ps1 shim is
/// kept equal to the .sh one here: both hold exactly these lines and run the same arguments. The .sh shims also run end
/// to end (<see cref="HookShimEndToEndTests"/>); the hooks' behaviour is tested in tests/ContextAdmin.UnitTests/Azd.
/// </summary>
public sealed partial class HookShimTests
{
    public static TheoryData<string> Hooks => ["preprovision", "postprovision"];

    private static string[] CommandLine(string hook) => ["run", "--project", "src/ContextAdmin", "-c", "Release", "--", "azd", hook];

    [Theory]
    [MemberData(nameof(Hooks))]
    public void TheShellShimRunsTheToolFromTheRepositoryRootAndNothingElse(string hook)
    {
        Assert.Equal(
            ["#!/bin/sh", "set -e", "cd \"$(dirname \"$0\")/..\"", $"exec dotnet {string.Join(' ', CommandLine(hook))}"],
            Statements(hook + ".sh"));
    }

    [Theory]
    [MemberData(nameof(Hooks))]
    public void ThePowerShellShimRunsTheSameCommandLineFromTheRepositoryRootAndPassesItsExitCodeOn(string hook)
    {
        var statements = Statements(hook + ".ps1");

        Assert.Equal(
            ["#!/usr/bin/env pwsh", "$ErrorActionPreference = 'Stop'", "Set-Location (Split-Path -Parent $PSScriptRoot)", "$arguments = @(...)", "& dotnet @arguments", "exit $LASTEXITCODE"],
            statements.Select(s => PowerShellArray().Replace(s, "@(...)")));
        var arguments = PowerShellArray().Match(statements[3]).Groups["items"].Value;
        Assert.Equal(CommandLine(hook), SingleQuoted().Matches(arguments).Select(m => m.Groups["text"].Value));
        Assert.Equal(arguments, string.Join(", ", CommandLine(hook).Select(a => $"'{a}'")));
    }

    [Theory]
    [MemberData(nameof(Hooks))]
    public void AzureYamlRunsTheShimOfEachPlatform(string hook)
    {
        var yaml = File.ReadAllText(RepositoryFiles.PathOf("azure.yaml"));

        Assert.Contains($"run: ./hooks/{hook}.sh", yaml, StringComparison.Ordinal);
        Assert.Contains($"run: ./hooks/{hook}.ps1", yaml, StringComparison.Ordinal);
    }

    /// <summary>The lines of a shim that do something: the interpreter line and every line that is not a comment.</summary>
    private static List<string> Statements(string shim)
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("hooks", shim));
        return [lines[0], .. lines.Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    [GeneratedRegex(@"@\((?<items>[^)]*)\)")]
    private static partial Regex PowerShellArray();

    [GeneratedRegex("'(?<text>[^']*)'")]
    private static partial Regex SingleQuoted();
}
