using System.CommandLine;
using System.CommandLine.Help;
using ContextStore.Contract;

namespace ContextAdmin.CommandLine;

/// <summary>
/// The key command's options, the root command's own (so <c>ContextAdmin --account A --vault V</c> works as it
/// always did), and how a parse becomes a <see cref="KeyRequest"/>; every mistake becomes a <see cref="UsageException"/>.
/// </summary>
public sealed class KeyCommandLine
{
    public static readonly string Usage = $"""
        Creates a new random API key for one account, stores it, and prints it once on standard output.

        Usage:
          ContextAdmin --account <accountId> --vault <https://<name>.vault.azure.net>
              Stores the key as a new version of the Key Vault secret context-api-key-<accountId>
              (signed in with DefaultAzureCredential: az login, environment, or managed identity).
              The previous key stops working within 60 seconds.
          ContextAdmin --account <accountId> --vault <https://<name>.vault.azure.net> --if-absent
              Create-only: stores a key only when the secret has no enabled version (missing, or
              only disabled versions); otherwise leaves the existing key alone and writes nothing.
              Says which it did; exit code 0 in both cases. Deployment hooks use this, so they
              never rotate a key.
          ContextAdmin --account <accountId> --local [--settings <path to local.settings.json>]
              Writes Values.ApiKeys__<accountId> into local.settings.json (default: the one at the
              repository root, created when missing), keeping every other value.
          ContextAdmin --account <accountId> --appsettings <path to a JSON settings file>
              Writes ApiKeys:<accountId> into a plain JSON settings file such as appsettings.Development.json.
          ContextAdmin --help
          ContextAdmin copy|export|import --help
              Moves a brand's context between v1 endpoints or JSON Lines files (see each command's help).
          ContextAdmin azd preprovision|postprovision
              The azd hooks, which azure.yaml runs through hooks/ (docs/deploy.md).

        <accountId>: 1-{ContextLimits.MaxAccountIdLength} letters, digits or '-', e.g. le12345678; case is ignored
        (the key is stored under the lower-case id).
        Exit codes: 0 stored (or, with --if-absent, an existing key left alone), 1 storing failed, 2 bad arguments.
        """;

    public Option<string> Account { get; } = new("--account") { Description = "The account whose key to create." };

    public Option<string> Vault { get; } = new("--vault") { Description = "Store the key in this Key Vault (https URI)." };

    public Option<bool> Local { get; } = new("--local") { Description = "Write the key into local.settings.json." };

    public Option<string> Settings { get; } = new("--settings") { Description = "With --local: the local.settings.json to write." };

    public Option<string> AppSettings { get; } = new("--appsettings") { Description = "Write the key into this JSON settings file." };

    public Option<bool> IfAbsent { get; } = new("--if-absent")
    {
        Description = "With --vault: store a key only when the account has no enabled one; never rotate.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Account);
        command.Options.Add(Vault);
        command.Options.Add(Local);
        command.Options.Add(Settings);
        command.Options.Add(AppSettings);
        command.Options.Add(IfAbsent);
    }

    /// <summary>Parses a key command line alone (no subcommands).</summary>
    /// <returns>The request, or null when help was asked for.</returns>
    public static KeyRequest? Parse(IReadOnlyList<string> args)
    {
        var options = new KeyCommandLine();
        var root = new RootCommand("ContextAdmin");
        options.AddTo(root);
        return options.Read(root.Parse(args));
    }

    /// <returns>The request, or null when help was asked for.</returns>
    public KeyRequest? Read(ParseResult result)
    {
        if (result.Action is HelpAction)
        {
            return null;
        }

        if (result.Errors.Count > 0)
        {
            throw new UsageException(string.Join(" ", result.Errors.Select(e => e.Message)));
        }

        foreach (Option option in (Option[])[Account, Vault, Local, Settings, AppSettings, IfAbsent])
        {
            if (result.GetResult(option) is { IdentifierTokenCount: > 1 })
            {
                throw new UsageException($"{option.Name} is given more than once.");
            }
        }

        var account = result.GetValue(Account) ?? throw new UsageException("--account is required.");
        try
        {
            account = ContextNames.ValidateAccountId(account);
        }
        catch (InvalidRequestException e)
        {
            throw new UsageException(e.Message);
        }

        var vault = result.GetValue(Vault);
        var local = result.GetValue(Local);
        var settings = result.GetValue(Settings);
        var appSettings = result.GetValue(AppSettings);
        var ifAbsent = result.GetValue(IfAbsent);
        var destinations = (vault is null ? 0 : 1) + (local ? 1 : 0) + (appSettings is null ? 0 : 1);
        if (destinations != 1)
        {
            throw new UsageException("Give exactly one of --vault, --local or --appsettings.");
        }

        if (settings is not null && !local)
        {
            throw new UsageException("--settings goes with --local.");
        }

        if (ifAbsent && vault is null)
        {
            throw new UsageException("--if-absent goes with --vault.");
        }

        KeyDestination destination = vault is not null ? new VaultDestination(VaultUri(vault))
            : local ? new LocalSettingsDestination(NonEmpty(settings, Settings))
            : new AppSettingsDestination(NonEmpty(appSettings, AppSettings)!);
        return new KeyRequest(account, destination, ifAbsent);
    }

    private static string? NonEmpty(string? value, Option option) =>
        value is { Length: 0 } ? throw new UsageException($"{option.Name} needs a value.") : value;

    private static Uri VaultUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"--vault must be the vault's https URI, e.g. https://my-vault.vault.azure.net; it is '{value}'.");
        }

        return uri;
    }
}

/// <summary>The command line is wrong: exit code 2 with the message and the usage text.</summary>
public sealed class UsageException(string message) : Exception(message);
