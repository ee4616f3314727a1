using System.CommandLine;
using System.Net;
using ContextKeys.Api;
using ContextKeys.JsonLines;
using ContextKeys.Progress;
using ContextKeys.Transfer;
using ContextKeys.Verification;
using ContextStore.Names;

namespace ContextKeys.CommandLine;

/// <summary>
/// The commands that move a brand's context: <c>copy</c> between endpoints, <c>export</c> to and <c>import</c> from
/// JSON Lines. Reports go to <paramref name="error"/> (a progress bar when it is a terminal, plain lines otherwise);
/// the outcome is the exit code (<see cref="ExitCodes"/>).
/// </summary>
public sealed class TransferCommands(TextWriter error, bool errorIsTerminal)
{
    private readonly TransferOptions _options = new();
    private readonly Lock _errorGate = new();

    public void AddTo(RootCommand root)
    {
        var o = _options;
        var copy = new Command("copy", "Copies an account's context from one v1 endpoint (LivePerson's or ours) into another.")
        {
            o.From, o.FromKey, o.To, o.ToKey, o.Account, o.Namespaces, o.Checkpoint, o.DryRun, o.Verify, o.Rate, o.PageSize,
        };
        copy.SetAction((result, token) => GuardedAsync(() => CopyAsync(result, token)));

        var export = new Command("export", "Writes an account's context to a JSON Lines file (one line per namespace and per session).")
        {
            o.From, o.FromKey, o.Account, o.File, o.Namespaces, o.Verify, o.Rate, o.PageSize,
        };
        export.SetAction((result, token) => GuardedAsync(() => ExportAsync(result, token)));

        var import = new Command("import", "Writes a JSON Lines export into an endpoint of ours.")
        {
            o.File, o.To, o.ToKey, o.Account, o.Checkpoint, o.Verify,
        };
        import.SetAction((result, token) => GuardedAsync(() => ImportAsync(result, token)));

        root.Subcommands.Add(copy);
        root.Subcommands.Add(export);
        root.Subcommands.Add(import);
    }

    private async Task<int> CopyAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var o = _options;
        var account = AccountOf(result);
        var namespaces = result.GetValue(o.Namespaces) ?? [];
        var pageSize = PageSizeOf(result);
        using var source = Open(result.GetRequiredValue(o.From), result.GetRequiredValue(o.FromKey), account, result.GetValue(o.Rate));
        using var target = Open(result.GetRequiredValue(o.To), result.GetRequiredValue(o.ToKey), account, 0);
        var checkpointPath = result.GetValue(o.Checkpoint);
        var checkpoint = CopyCheckpoint.Open(checkpointPath, source.Endpoint.ToString(), target.Endpoint.ToString(), account);

        var plan = await SourceSurvey.SurveyAsync(source, namespaces, cancellationToken).ConfigureAwait(false);
        if (result.GetValue(o.DryRun))
        {
            await DescribeAsync(source, plan, checkpoint, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var copier = new ContextCopier(source, target, new CopySettings(namespaces, pageSize), checkpoint, Progress());
            var summary = await copier.CopyAsync(plan, cancellationToken).ConfigureAwait(false);
            Report($"copied {summary.Namespaces} namespaces, {summary.SessionsWritten} sessions ({summary.SessionsAlreadyDone} done by an earlier run), "
                + $"{summary.SessionTtls} session TTLs, {summary.Bytes / 1_000_000.0:0.00} MB of properties in {summary.Elapsed.TotalSeconds:0.0} s: "
                + $"{summary.SessionsPerSecond:0} sessions/s, {summary.MegabytesPerSecond:0.00} MB/s");
        }

        return result.GetValue(o.Verify)
            ? await VerifyAsync(new ApiContextSide(source, pageSize), new ApiContextSide(target, pageSize), namespaces, cancellationToken).ConfigureAwait(false)
            : ExitCodes.Succeeded;
    }

    private async Task<int> ExportAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var o = _options;
        var account = AccountOf(result);
        var namespaces = result.GetValue(o.Namespaces) ?? [];
        var pageSize = PageSizeOf(result);
        var file = result.GetRequiredValue(o.File);
        using var source = Open(result.GetRequiredValue(o.From), result.GetRequiredValue(o.FromKey), account, result.GetValue(o.Rate));
        var plan = await SourceSurvey.SurveyAsync(source, namespaces, cancellationToken).ConfigureAwait(false);
        var summary = await new ContextExporter(source, pageSize, Progress()).ExportAsync(plan, file, cancellationToken).ConfigureAwait(false);
        Report($"exported {summary.Namespaces} namespaces, {summary.SessionsWritten} sessions, {summary.SessionTtls} session TTLs, "
            + $"{summary.Bytes / 1_000_000.0:0.00} MB of properties to {file} in {summary.Elapsed.TotalSeconds:0.0} s");

        if (!result.GetValue(o.Verify))
        {
            return ExitCodes.Succeeded;
        }

        var exported = await JsonLinesContextSide.LoadAsync(file, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(new ApiContextSide(source, pageSize), exported, namespaces, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ImportAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var o = _options;
        var account = AccountOf(result);
        var file = result.GetRequiredValue(o.File);
        if (!System.IO.File.Exists(file))
        {
            throw new UsageException($"{file} does not exist.");
        }

        using var target = Open(result.GetRequiredValue(o.To), result.GetRequiredValue(o.ToKey), account, 0);
        var checkpoint = ImportCheckpoint.Open(result.GetValue(o.Checkpoint), file, new FileInfo(file).Length, target.Endpoint.ToString(), account);
        var summary = await new ContextImporter(target, checkpoint, CopySettings.DefaultWritesInFlight * 2, Progress())
            .ImportAsync(file, cancellationToken).ConfigureAwait(false);
        Report($"imported {summary.Namespaces} namespaces, {summary.SessionsWritten} sessions, {summary.SessionTtls} session TTLs, "
            + $"{summary.Bytes / 1_000_000.0:0.00} MB of properties from {file} in {summary.Elapsed.TotalSeconds:0.0} s");

        if (!result.GetValue(o.Verify))
        {
            return ExitCodes.Succeeded;
        }

        var exported = await JsonLinesContextSide.LoadAsync(file, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(exported, new ApiContextSide(target, CopySettings.DefaultPageSize), [.. exported.Namespaces], cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> VerifyAsync(IContextSide expected, IContextSide actual, IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken)
    {
        var differences = await new ContextVerifier(expected, actual, new LockedWriter(error, _errorGate)).CompareAsync(namespaces, cancellationToken).ConfigureAwait(false);
        return differences == 0 ? ExitCodes.Succeeded : ExitCodes.Differences;
    }

    private async Task DescribeAsync(ContextApiClient source, IReadOnlyList<NamespacePlan> plan, CopyCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        Report($"dry run: would copy {plan.Count} namespaces of account {source.AccountId}, {plan.Sum(p => p.SessionCount)} sessions; nothing is written");
        foreach (var ns in plan)
        {
            var ttls = await source.ListSessionTtlsAsync(ns.Name, cancellationToken).ConfigureAwait(false);
            var registration = ns.Registered
                ? $"register it{(ns.TtlSecond is { } ttl ? $" with a TTL of {ttl} s" : " without a TTL")}"
                : "leave it unregistered (named with --namespace)";
            var progress = checkpoint.For(ns.Name);
            var resume = progress.Done ? " (done by an earlier run: skipped)" : progress.NextPage > 0 ? $" (continuing after page {progress.NextPage - 1})" : "";
            Report($"dry run: namespace {ns.Name}: would {registration}, copy its properties, set {ttls.Count} session TTLs and copy {ns.SessionCount} sessions{resume}");
        }
    }

    private async Task<int> GuardedAsync(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            Report($"error: {e.Message}");
            return ExitCodes.BadArguments;
        }
        catch (AccessDeniedException e)
        {
            Report($"error: {e.Message}");
            return ExitCodes.AccessDenied;
        }
        catch (OperationCanceledException)
        {
            Report("interrupted: rerun the same command with the same --checkpoint to continue where it stopped.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is ContextApiException or HttpRequestException or InvalidDataException or System.Text.Json.JsonException or IOException or Polly.Timeout.TimeoutRejectedException)
        {
            Report($"error: {e.Message}");
            Report("stopped; with --checkpoint a rerun continues where it stopped.");
            return ExitCodes.Failed;
        }
    }

    private ContextApiClient Open(Uri endpoint, string key, string account, double rate) =>
        ContextApiConnection.Open(endpoint, key, account, rate, message => Report($"retrying: {message}"));

    private string AccountOf(ParseResult result)
    {
        var account = result.GetRequiredValue(_options.Account);
        try
        {
            ContextNames.ValidateAccountId(account);
        }
        catch (InvalidRequestException e)
        {
            throw new UsageException(e.Message);
        }

        return account;
    }

    private int PageSizeOf(ParseResult result)
    {
        var pageSize = result.GetValue(_options.PageSize);
        return pageSize is >= 1 and <= 1000 ? pageSize : throw new UsageException("--page-size must be 1 to 1000.");
    }

    private ITransferProgress Progress() =>
        errorIsTerminal ? new TerminalProgressBar(new LockedWriter(error, _errorGate)) : new PlainProgressLines(new LockedWriter(error, _errorGate));

    private void Report(string line)
    {
        lock (_errorGate)
        {
            error.WriteLine(line);
        }
    }
}
