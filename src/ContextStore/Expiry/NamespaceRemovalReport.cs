namespace ContextStore.Expiry;

/// <summary>What one sweep did for deleted namespaces: sessions removed, namespaces finished and still pending.</summary>
public sealed record NamespaceRemovalReport(int SessionsRemoved, int NamespacesFinished, int NamespacesPending);
