namespace ContextAdmin.Verification;

/// <summary>
/// Compares two sides namespace by namespace: registration and TTL, namespace properties, session TTLs, the sessions
/// listed and a canonical hash of each one's properties. Writes every difference, and the counts of both sides.
/// Memory: one namespace's session ids and hashes of the expected side at a time.
/// </summary>
public sealed class ContextVerifier(IContextSide expected, IContextSide actual, TextWriter report)
{
    public async Task<int> CompareAsync(IReadOnlyCollection<string> namedNamespaces, CancellationToken cancellationToken)
    {
        var differences = 0;
        var expectedRegistered = (await expected.RegisteredNamespacesAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(n => n.Name, StringComparer.Ordinal);
        var actualRegistered = (await actual.RegisteredNamespacesAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(n => n.Name, StringComparer.Ordinal);
        await report.WriteLineAsync(
            $"verify: registered namespaces: {expected.Name} {expectedRegistered.Count}, {actual.Name} {actualRegistered.Count}").ConfigureAwait(false);

        foreach (var (name, record) in expectedRegistered)
        {
            if (!actualRegistered.TryGetValue(name, out var other))
            {
                differences += await DifferenceAsync($"namespace {name}: registered in {expected.Name}, not in {actual.Name}").ConfigureAwait(false);
            }
            else if (other.TtlSecond != record.TtlSecond)
            {
                differences += await DifferenceAsync($"namespace {name}: TTL {Ttl(record.TtlSecond)} in {expected.Name}, {Ttl(other.TtlSecond)} in {actual.Name}").ConfigureAwait(false);
            }
        }

        foreach (var name in actualRegistered.Keys.Where(n => !expectedRegistered.ContainsKey(n)))
        {
            differences += await DifferenceAsync($"namespace {name}: registered in {actual.Name}, not in {expected.Name}").ConfigureAwait(false);
        }

        var names = new SortedSet<string>(expectedRegistered.Keys, StringComparer.Ordinal);
        names.UnionWith(namedNamespaces);
        foreach (var name in names)
        {
            differences += await CompareNamespaceAsync(name, cancellationToken).ConfigureAwait(false);
        }

        await report.WriteLineAsync(differences == 0 ? "verify: 0 differences" : $"verify: {differences} differences").ConfigureAwait(false);
        return differences;
    }

    private async Task<int> CompareNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        if (ContextAdmin.Api.TargetNames.NamespaceProblem(ns) is { } problem)
        {
            return await DifferenceAsync($"namespace {ns}: cannot be compared: {problem}").ConfigureAwait(false);
        }

        var differences = 0;
        if (await expected.NamespacePropertiesHashAsync(ns, cancellationToken).ConfigureAwait(false)
            != await actual.NamespacePropertiesHashAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            differences += await DifferenceAsync($"namespace {ns}: its properties differ").ConfigureAwait(false);
        }

        var expectedTtls = await expected.SessionTtlsAsync(ns, cancellationToken).ConfigureAwait(false);
        var actualTtls = await actual.SessionTtlsAsync(ns, cancellationToken).ConfigureAwait(false);
        foreach (var (session, ttl) in expectedTtls)
        {
            if (!actualTtls.TryGetValue(session, out var other) || other != ttl)
            {
                differences += await DifferenceAsync(
                    $"namespace {ns} session {session}: TTL {ttl} in {expected.Name}, {(actualTtls.ContainsKey(session) ? other.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")} in {actual.Name}").ConfigureAwait(false);
            }
        }

        foreach (var session in actualTtls.Keys.Where(s => !expectedTtls.ContainsKey(s)))
        {
            differences += await DifferenceAsync($"namespace {ns} session {session}: TTL {actualTtls[session]} in {actual.Name}, none in {expected.Name}").ConfigureAwait(false);
        }

        var expectedHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var (session, hash) in expected.SessionHashesAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            expectedHashes[session] = hash;
        }

        var expectedCount = expectedHashes.Count;
        long actualCount = 0;
        await foreach (var (session, hash) in actual.SessionHashesAsync(ns, cancellationToken).ConfigureAwait(false))
        {
            actualCount++;
            if (!expectedHashes.Remove(session, out var expectedHash))
            {
                differences += await DifferenceAsync($"namespace {ns} session {session}: in {actual.Name}, not in {expected.Name}").ConfigureAwait(false);
            }
            else if (expectedHash != hash)
            {
                differences += await DifferenceAsync($"namespace {ns} session {session}: properties differ").ConfigureAwait(false);
            }
        }

        foreach (var session in expectedHashes.Keys.Order(StringComparer.Ordinal))
        {
            differences += await DifferenceAsync($"namespace {ns} session {session}: in {expected.Name}, not in {actual.Name}").ConfigureAwait(false);
        }

        await report.WriteLineAsync(
            $"verify: namespace {ns}: sessions {expected.Name} {expectedCount}, {actual.Name} {actualCount}; session TTLs {expectedTtls.Count}, {actualTtls.Count}").ConfigureAwait(false);
        return differences;
    }

    private async Task<int> DifferenceAsync(string difference)
    {
        await report.WriteLineAsync($"difference: {difference}").ConfigureAwait(false);
        return 1;
    }

    private static string Ttl(long? ttl) => ttl?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
