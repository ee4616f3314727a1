using System.CommandLine;
using ContextAdmin.Api;
using ContextAdmin.JsonLines;
using ContextAdmin.Progress;
using ContextAdmin.Transfer;
using ContextAdmin.Verification;
using ContextStore.Contract;

namespace ContextAdmin.CommandLine;

/// <summary>
/// The commands that move a brand's context: <c>copy</c> between endpoints, <c>export</c> to and <c>import</c> from
/// JSON Lines. Reports go to <paramref name="error"/> (a progress bar when it is a terminal, plain lines otherwise);
/// what could not be moved is listed at the end and in a failures file; the outcome is the exit code (<see cref="ExitCodes"/>).
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
            o.Failures, o.RetryFailures, o.ReadTimeout,
        };
        copy.SetAction((result, token) => GuardedAsync(notes => CopyAsync(result, notes, token)));

        var export = new Command("export", "Writes an account's context to a JSON Lines file (a header, one line per namespace, session TTL and session, a trailer).")
        {
            o.From, o.FromKey, o.Account, o.File, o.Namespaces, o.Verify, o.Rate, o.PageSize, o.Failures, o.ReadTimeout,
        };
        export.SetAction((result, token) => GuardedAsync(notes => ExportAsync(result, notes, token)));

        var import = new Command("import", "Writes a JSON Lines export into an endpoint of ours, once the whole file checked out.")
        {
            o.File, o.To, o.ToKey, o.Account, o.Checkpoint, o.Verify, o.Failures, o.RetryFailures, o.AllowOtherAccount, o.AllowDamaged, o.ReadTimeout,
        };
        import.SetAction((result, token) => GuardedAsync(notes => ImportAsync(result, notes, token)));

        root.Subcommands.Add(copy);
        root.Subcommands.Add(export);
        root.Subcommands.Add(import);
    }

    private async Task<int> CopyAsync(ParseResult result, RunNotes notes, CancellationToken cancellationToken)
    {
        var o = _options;
        var account = AccountOf(result);
        var namespaces = result.GetValue(o.Namespaces) ?? [];
        var pageSize = PageSizeOf(result);
        var limits = LimitsOf(result);
        var checkpointPath = result.GetValue(o.Checkpoint);
        var dryRun = result.GetValue(o.DryRun);
        var retry = RetryOf(result, checkpointPath, dryRun);
        using var source = Open(result.GetRequiredValue(o.From), result.GetRequiredValue(o.FromKey), account, RateOf(result), limits);
        using var target = Open(result.GetRequiredValue(o.To), result.GetRequiredValue(o.ToKey), account, 0, limits);
        var resumed = checkpointPath is not null && File.Exists(checkpointPath);
        var checkpoint = CopyCheckpoint.Open(checkpointPath, source.Endpoint.ToString(), target.Endpoint.ToString(), account);

        // Both keys, with reads, before anything else: a wrong key stops the run before it writes or counts anything.
        await source.ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        await target.ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            var plan = await SourceSurvey.SurveyAsync(source, namespaces, cancellationToken).ConfigureAwait(false);
            await DescribeAsync(source, plan, checkpoint, cancellationToken).ConfigureAwait(false);
            return result.GetValue(o.Verify)
                ? await VerifyAsync(new ApiContextSide(source, pageSize), new ApiContextSide(target, pageSize), namespaces, cancellationToken).ConfigureAwait(false)
                : ExitCodes.Succeeded;
        }

        notes.AfterStop = checkpointPath is not null
            ? "rerun the same command with the same --checkpoint to continue where it stopped."
            : "a rerun starts over and writes the same values again (with --checkpoint, a rerun continues where a run stopped).";
        using var failures = new FailureLog(FailuresPathOf(result, "copy", account), append: resumed);
        notes.Failures = failures;
        TransferSummary summary;
        if (retry is null)
        {
            var plan = await SourceSurvey.SurveyAsync(source, namespaces, cancellationToken).ConfigureAwait(false);
            summary = await new ContextCopier(source, target, new CopySettings(namespaces, pageSize), checkpoint, failures, Progress())
                .CopyAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var whole = new HashSet<string>(retry.WholeNamespaces, StringComparer.Ordinal);
            var plan = await SourceSurvey.SurveyAsync(source, [.. whole], cancellationToken, only: whole).ConfigureAwait(false);
            var namespacesAgain = await new ContextCopier(source, target, new CopySettings(namespaces, pageSize), checkpoint, failures, Progress())
                .CopyAsync(plan, cancellationToken).ConfigureAwait(false);
            var sessionsAgain = await new FailedSessionCopier(source, target, failures, Progress()).CopyAsync(retry.Sessions, cancellationToken).ConfigureAwait(false);
            summary = namespacesAgain with
            {
                SessionsWritten = namespacesAgain.SessionsWritten + sessionsAgain.SessionsWritten,
                SessionTtls = namespacesAgain.SessionTtls + sessionsAgain.SessionTtls,
                Bytes = namespacesAgain.Bytes + sessionsAgain.Bytes,
                Elapsed = namespacesAgain.Elapsed + sessionsAgain.Elapsed,
                Failures = namespacesAgain.Failures + sessionsAgain.Failures,
            };
        }

        Report($"copied {summary.Namespaces} namespaces, {summary.SessionsWritten} sessions ({summary.SessionsAlreadyDone} done by an earlier run), "
            + $"{summary.SessionTtls} session TTLs, {summary.Bytes / 1_000_000.0:0.00} MB of properties in {summary.Elapsed.TotalSeconds:0.0} s: "
            + $"{summary.SessionsPerSecond:0} sessions/s, {summary.MegabytesPerSecond:0.00} MB/s");
        var failed = ReportFailures(failures, $"once their cause is fixed, rerun with --retry-failures {failures.Path} to copy them again.");
        var verified = result.GetValue(o.Verify)
            ? await VerifyAsync(new ApiContextSide(source, pageSize), new ApiContextSide(target, pageSize), namespaces, cancellationToken).ConfigureAwait(false)
            : ExitCodes.Succeeded;
        return failed > 0 ? ExitCodes.SomeFailed : verified;
    }

    private async Task<int> ExportAsync(ParseResult result, RunNotes notes, CancellationToken cancellationToken)
    {
        var o = _options;
        var account = AccountOf(result);
        var namespaces = result.GetValue(o.Namespaces) ?? [];
        var pageSize = PageSizeOf(result);
        var file = result.GetRequiredValue(o.File);
        using var source = Open(result.GetRequiredValue(o.From), result.GetRequiredValue(o.FromKey), account, RateOf(result), LimitsOf(result));
        var plan = await SourceSurvey.SurveyAsync(source, namespaces, cancellationToken).ConfigureAwait(false);
        notes.AfterStop = $"{file} was not written; a rerun starts over.";
        using var failures = new FailureLog(FailuresPathOf(result, "export", account), append: false);
        notes.Failures = failures;
        var summary = await new ContextExporter(source, pageSize, failures, Progress(), TimeProvider.System).ExportAsync(plan, file, cancellationToken).ConfigureAwait(false);
        Report($"exported {summary.Namespaces} namespaces, {summary.SessionsWritten} sessions, {summary.SessionTtls} session TTLs, "
            + $"{summary.Bytes / 1_000_000.0:0.00} MB of properties to {file} in {summary.Elapsed.TotalSeconds:0.0} s");
        var failed = ReportFailures(failures, $"{file} holds everything else; once their cause is fixed, export again.");

        var verified = ExitCodes.Succeeded;
        if (result.GetValue(o.Verify))
        {
            var exported = await JsonLinesContextSide.LoadAsync(file, null, cancellationToken).ConfigureAwait(false);
            verified = await VerifyAsync(new ApiContextSide(source, pageSize), exported, namespaces, cancellationToken).ConfigureAwait(false);
        }

        return failed > 0 ? ExitCodes.SomeFailed : verified;
    }

    private async Task<int> ImportAsync(ParseResult result, RunNotes notes, CancellationToken cancellationToken)
    {
        var o = _options;
        var account = AccountOf(result);
        var file = result.GetRequiredValue(o.File);
        if (!File.Exists(file))
        {
            throw new UsageException($"{file} does not exist.");
        }

        var checkpointPath = result.GetValue(o.Checkpoint);
        var retry = RetryOf(result, checkpointPath, dryRun: false);
        var check = await ExportFileCheck.ReadAsync(file, account, cancellationToken).ConfigureAwait(false);
        var allowDamaged = result.GetValue(o.AllowDamaged);
        if (!check.IsIntact)
        {
            var problems = string.Join("; ", check.Describe());
            if (!allowDamaged)
            {
                throw new RefusedFileException($"{file} is not a whole export: {problems}. Nothing was imported. Export it again, or give "
                    + "--allow-damaged to import the records it holds whole (its damaged lines are then listed as failures).");
            }

            Report($"warning: {file} is not a whole export: {problems}. Importing the records it holds whole (--allow-damaged).");
        }

        if (check.OtherAccount is { } other)
        {
            if (!result.GetValue(o.AllowOtherAccount))
            {
                throw new RefusedFileException($"{file} is an export of account {other}, not of {account}. Nothing was imported. "
                    + $"Give --allow-other-account to import it into {account}.");
            }

            Report($"warning: {file} is an export of account {other}; importing it into {account} (--allow-other-account).");
        }

        using var target = Open(result.GetRequiredValue(o.To), result.GetRequiredValue(o.ToKey), account, 0, LimitsOf(result));
        await target.ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var checkpoint = ImportCheckpoint.Open(checkpointPath, file, check.Sha256, target.Endpoint.ToString(), account);
        notes.AfterStop = checkpointPath is not null
            ? "rerun the same command with the same --checkpoint to continue where it stopped."
            : "a rerun starts over and writes the same values again (with --checkpoint, a rerun continues where a run stopped).";
        using var failures = new FailureLog(FailuresPathOf(result, "import", account), append: checkpoint.Resumed);
        notes.Failures = failures;
        var summary = await new ContextImporter(target, checkpoint, check, failures, CopySettings.DefaultWritesInFlight * 2, Progress(), retry)
            .ImportAsync(file, cancellationToken).ConfigureAwait(false);
        Report($"imported {summary.Namespaces} namespaces, {summary.SessionsWritten} sessions, {summary.SessionTtls} session TTLs, "
            + $"{summary.Bytes / 1_000_000.0:0.00} MB of properties from {file} in {summary.Elapsed.TotalSeconds:0.0} s");
        var failed = ReportFailures(failures,
            $"once their cause is fixed, rerun with --retry-failures {failures.Path} to import them again (a damaged line cannot be: export again).");

        var verified = ExitCodes.Succeeded;
        if (result.GetValue(o.Verify))
        {
            var exported = await JsonLinesContextSide.LoadAsync(file, check.DamagedLines, cancellationToken).ConfigureAwait(false);
            verified = await VerifyAsync(exported, new ApiContextSide(target, CopySettings.DefaultPageSize), [.. exported.Namespaces], cancellationToken)
                .ConfigureAwait(false);
        }

        return failed > 0 ? ExitCodes.SomeFailed : verified;
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
            if (ns.Problem is not null)
            {
                Report($"dry run: namespace {ns.Name}: cannot be copied: {ns.Problem}");
                continue;
            }

            var ttls = await source.ListSessionTtlsAsync(ns.Name, cancellationToken).ConfigureAwait(false);
            var registration = ns.Registered
                ? $"register it{(ns.TtlSecond is { } ttl ? $" with a TTL of {ttl} s" : " without a TTL")}"
                : "leave it unregistered (named with --namespace)";
            var progress = checkpoint.For(ns.Name);
            var resume = progress.Done ? " (done by an earlier run: skipped)" : progress.LastSessionId is { } last ? $" (continuing after session {last})" : "";
            Report($"dry run: namespace {ns.Name}: would {registration}, copy its properties, set {ttls.Count} session TTLs and copy {ns.SessionCount} sessions{resume}");
        }
    }

    /// <returns>How many failures the run's file lists.</returns>
    private int ReportFailures(FailureLog failures, string whatNow)
    {
        var count = 0;
        foreach (var failure in failures.All())
        {
            Report($"failed: {failure}");
            count++;
        }

        if (count > 0)
        {
            Report($"{count} failures, listed in {failures.Path}; {whatNow}");
        }

        return count;
    }

    private async Task<int> GuardedAsync(Func<RunNotes, Task<int>> run)
    {
        var notes = new RunNotes();
        try
        {
            return await run(notes).ConfigureAwait(false);
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
        catch (RefusedFileException e)
        {
            Report($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            Report($"interrupted; {notes.AfterStop}");
            ReportFailuresSoFar(notes);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is ContextApiException or HttpRequestException or InvalidDataException or System.Text.Json.JsonException or IOException
            or Polly.Timeout.TimeoutRejectedException or StalledAnswerException or UnaddressableNameException)
        {
            Report($"error: {e.Message}");
            Report($"stopped; {notes.AfterStop}");
            ReportFailuresSoFar(notes);
            return ExitCodes.Failed;
        }
    }

    private void ReportFailuresSoFar(RunNotes notes)
    {
        if (notes.Failures is { Added: > 0 } failures)
        {
            Report($"{failures.Added} failures so far are listed in {failures.Path}.");
        }
    }

    private ContextApiClient Open(Uri endpoint, string key, string account, double rate, EndpointLimits limits) =>
        ContextApiConnection.Open(endpoint, key, account, rate, message => Report($"retrying: {message}"), limits);

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

    /// <summary>0, or a rate whose pause between requests a TimeSpan holds (NaN, infinite and huge ones made the limiter throw).</summary>
    private double RateOf(ParseResult result)
    {
        var rate = result.GetValue(_options.Rate);
        return rate is 0 or (>= 0.001 and <= 1_000_000)
            ? rate
            : throw new UsageException("--rate must be 0 (no limit) or from 0.001 to 1000000 requests a second.");
    }

    private EndpointLimits LimitsOf(ParseResult result)
    {
        var seconds = result.GetValue(_options.ReadTimeout);
        return seconds is > 0 and <= 3600
            ? EndpointLimits.Default with { ReadTimeout = TimeSpan.FromSeconds(seconds) }
            : throw new UsageException("--read-timeout must be more than 0 and at most 3600 seconds.");
    }

    private string FailuresPathOf(ParseResult result, string command, string account) =>
        result.GetValue(_options.Failures) ?? result.GetValue(_options.RetryFailures) ?? $"context-admin-{command}-{account.ToLowerInvariant()}.failures.jsonl";

    private RetrySelection? RetryOf(ParseResult result, string? checkpointPath, bool dryRun)
    {
        var path = result.GetValue(_options.RetryFailures);
        if (path is null)
        {
            return null;
        }

        if (checkpointPath is not null || dryRun)
        {
            throw new UsageException("--retry-failures goes without --checkpoint and --dry-run.");
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{path} does not exist.");
        }

        try
        {
            return new RetrySelection(FailureLog.Read(path));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
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
