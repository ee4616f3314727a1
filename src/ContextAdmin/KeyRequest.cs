namespace ContextAdmin;

/// <summary>
/// What the command line asked for: a new key for one account, stored in one place. <paramref name="IfAbsent"/>
/// (vault only): store it only when the account's secret has no enabled version, so an existing key is never rotated.
/// </summary>
public sealed record KeyRequest(string AccountId, KeyDestination Destination, bool IfAbsent = false);

public abstract record KeyDestination;

/// <summary>A new version of the secret <c>context-api-key-{account}</c> in this vault (Azure).</summary>
public sealed record VaultDestination(Uri VaultUri) : KeyDestination;

/// <summary><c>Values.ApiKeys__{account}</c> in a Functions <c>local.settings.json</c>; null path: the repository's own.</summary>
public sealed record LocalSettingsDestination(string? Path) : KeyDestination;

/// <summary><c>ApiKeys:{account}</c> in a plain JSON settings file such as <c>appsettings.Development.json</c>.</summary>
public sealed record AppSettingsDestination(string Path) : KeyDestination;
