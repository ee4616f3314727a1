using System.CommandLine;
using ContextAdmin.Api;
using ContextAdmin.Transfer;

namespace ContextAdmin.CommandLine;

/// <summary>The options of copy, export and import (each command adds those it takes).</summary>
public sealed class TransferOptions
{
    public const double DefaultRate = 10;

    public Option<Uri> From { get; } = new("--from") { Description = "The source endpoint, e.g. https://z1.context.liveperson.net or https://func-….azurewebsites.net/api", Required = true, CustomParser = Endpoint };

    public Option<string> FromKey { get; } = new("--from-key") { Description = "The source's API key (maven-api-key) for the account.", Required = true };

    public Option<Uri> To { get; } = new("--to") { Description = "The target endpoint (a deployment of ours).", Required = true, CustomParser = Endpoint };

    public Option<string> ToKey { get; } = new("--to-key") { Description = "The target's API key for the account.", Required = true };

    public Option<string> Account { get; } = new("--account") { Description = "The account (brand) id, e.g. le12345678.", Required = true };

    public Option<string[]> Namespaces { get; } = new("--namespace") { Description = "A namespace to move besides the registered ones (the API lists only registered namespaces); repeatable." };

    public Option<string> Checkpoint { get; } = new("--checkpoint") { Description = "A file recording progress; a rerun with it continues where the last one stopped." };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print what would be moved and check both keys with reads; write nothing." };

    public Option<bool> Verify { get; } = new("--verify") { Description = "Compare both sides afterwards and print every difference (exit code 4 when there are any)." };

    public Option<double> Rate { get; } = new("--rate") { Description = "At most this many requests a second to the source (0: no limit).", DefaultValueFactory = _ => DefaultRate };

    public Option<int> PageSize { get; } = new("--page-size") { Description = "Sessions per listing page, 1-1000.", DefaultValueFactory = _ => CopySettings.DefaultPageSize };

    public Option<string> File { get; } = new("--file") { Description = "The JSON Lines file.", Required = true };

    public Option<string> Failures { get; } = new("--failures")
    {
        Description = "Where to list what could not be moved, one JSON line each (default: context-admin-<command>-<account>.failures.jsonl here).",
    };

    public Option<string> RetryFailures { get; } = new("--retry-failures")
    {
        Description = "Move again only what this failures file lists (and list what still fails in it).",
    };

    public Option<bool> AllowOtherAccount { get; } = new("--allow-other-account") { Description = "Import a file exported from another account into --account." };

    public Option<bool> AllowDamaged { get; } = new("--allow-damaged")
    {
        Description = "Import a file that is cut, changed or without header: its whole records are written, its damaged lines listed as failures.",
    };

    public Option<double> ReadTimeout { get; } = new("--read-timeout")
    {
        Description = "Seconds an endpoint may send nothing (or under 1 KiB) of an answer before the read stops.",
        DefaultValueFactory = _ => EndpointLimits.DefaultReadTimeout.TotalSeconds,
    };

    private static Uri? Endpoint(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            result.AddError($"'{text}' is not an http(s) URL of an endpoint.");
            return null;
        }

        return uri;
    }
}
