namespace ContextAdmin.Api;

/// <summary>
/// The URLs of one account on one endpoint. Every name is checked against the contract before it becomes a path
/// segment, every segment is percent-encoded once (a <c>%</c> in a name is sent as <c>%25</c>), and a URL that
/// <see cref="Uri"/> would change (dot segments, unescaping) is never sent: the request goes exactly where it says.
/// </summary>
public sealed class AccountAddress
{
    private readonly string _accountPath;

    public AccountAddress(Uri endpoint, string accountId)
    {
        _accountPath = $"{endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}/v1/account/{Uri.EscapeDataString(accountId)}";
    }

    /// <exception cref="UnaddressableNameException">The namespace breaks the contract's rules.</exception>
    public static string Namespace(string ns) => Segment(TargetNames.NamespaceProblem(ns), ns);

    /// <exception cref="UnaddressableNameException">The session id breaks the contract's rules.</exception>
    public static string Session(string sessionId) => Segment(TargetNames.SessionIdProblem(sessionId), sessionId);

    /// <exception cref="UnaddressableNameException">The property name breaks the contract's rules.</exception>
    public static string Property(string name) => Segment(TargetNames.PropertyNameProblem(name), name);

    /// <summary>The URL of a path after <c>/v1/account/{accountId}</c>, built from the segments above.</summary>
    /// <exception cref="UnaddressableNameException">The URL would not reach that path as written.</exception>
    public Uri For(string pathAndQuery)
    {
        var text = _accountPath + pathAndQuery;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? text[..query] : text;
        var uri = new Uri(text, UriKind.Absolute);
        if (uri.GetLeftPart(UriPartial.Path) != path)
        {
            throw new UnaddressableNameException($"the URL {path} would be sent as {uri.GetLeftPart(UriPartial.Path)}; nothing was sent");
        }

        return uri;
    }

    private static string Segment(string? problem, string name) =>
        problem is null ? Uri.EscapeDataString(name) : throw new UnaddressableNameException(problem);
}
