using ContextKeys.Api;

namespace ContextKeys.Transfer;

/// <summary>
/// What a source holds for the namespaces to move: its registered namespaces (N2) plus those named on the command
/// line (the API lists no namespace that was never registered), each with its session count (L1, ids only).
/// </summary>
public static class SourceSurvey
{
    public const int CountPageSize = 1000;

    public static async Task<IReadOnlyList<NamespacePlan>> SurveyAsync(
        ContextApiClient source, IReadOnlyCollection<string> namedNamespaces, CancellationToken cancellationToken)
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
        foreach (var (name, record) in names)
        {
            var sessions = await source.CountSessionsAsync(name, CountPageSize, cancellationToken).ConfigureAwait(false);
            plans.Add(new NamespacePlan(name, record is not null, record?.TtlSecond, sessions));
        }

        return plans;
    }
}
