using ContextAdmin.Api;

namespace ContextAdmin.Transfer;

/// <summary>
/// What a source holds for the namespaces to move: its registered namespaces (N2) plus those named on the command
/// line (the API lists no namespace that was never registered), each with its session count (L1, ids only). A
/// namespace whose name breaks the contract's rules, or whose listing the source does not answer as the contract
/// says, is planned with its problem, and never read or written.
/// </summary>
public static class SourceSurvey
{
    /// <param name="only">When given, the namespaces to plan (the others are not counted).</param>
    public static async Task<IReadOnlyList<NamespacePlan>> SurveyAsync(
        ContextApiClient source, IReadOnlyCollection<string> namedNamespaces, CancellationToken cancellationToken, IReadOnlySet<string>? only = null)
    {
        var registered = await source.ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var names = new SortedDictionary<string, NamespaceRecord?>(StringComparer.Ordinal);
        foreach (var ns in registered)
        {
            names[ns.Name] = ns;
        }

        foreach (var name in namedNamespaces)
        {
            names.TryAdd(name, null);
        }

        var plans = new List<NamespacePlan>();
        foreach (var (name, record) in names.Where(n => only is null || only.Contains(n.Key)))
        {
            if (TargetNames.NamespaceProblem(name) is { } problem)
            {
                plans.Add(new NamespacePlan(name, record is not null, record?.TtlSecond, 0, problem));
                continue;
            }

            try
            {
                var sessions = await SessionIdListing.CountAsync(source, name, cancellationToken).ConfigureAwait(false);
                plans.Add(new NamespacePlan(name, record is not null, record?.TtlSecond, sessions));
            }
            catch (Exception e) when (e is InvalidDataException || SessionWriter.IsTheSessionsOwn(e))
            {
                plans.Add(new NamespacePlan(name, record is not null, record?.TtlSecond, 0, $"the source's listing of its sessions failed: {e.Message}"));
            }
        }

        return plans;
    }
}
