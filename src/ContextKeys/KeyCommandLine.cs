using ContextStore.Names;

namespace ContextKeys;

/// <summary>Reads the command line; every mistake becomes a <see cref="UsageException"/> saying what is wrong.</summary>
public static class KeyCommandLine
{
    public static readonly string Usage = $"""
        Creates a new random API key for one account, stores it, and prints it once on standard output.

        Usage:
          ContextKeys --account <accountId> --vault <https://<name>.vault.azure.net>
              Stores the key as a new version of the Key Vault secret context-api-key-<accountId>
              (signed in with DefaultAzureCredential: az login, environment, or managed identity).
              The previous key stops working within 60 seconds.
          ContextKeys --account <accountId> --vault <https://<name>.vault.azure.net> --if-absent
              Create-only: stores a key only when the secret has no enabled version (missing, or
              only disabled versions); otherwise leaves the existing key alone and writes nothing.
              Says which it did; exit code 0 in both cases. Deployment hooks use this, so they
              never rotate a key.
          ContextKeys --account <accountId> --local [--settings <path to local.settings.json>]
              Writes Values.ApiKeys__<accountId> into local.settings.json (default: the one at the
              repository root, created when missing), keeping every other value.
          ContextKeys --account <accountId> --appsettings <path to a JSON settings file>
              Writes ApiKeys:<accountId> into a plain JSON settings file such as appsettings.Development.json.
          ContextKeys --help

        <accountId>: 1-{ContextLimits.MaxAccountIdLength} letters, digits or '-', e.g. le12345678; case is ignored
        (the key is stored under the lower-case id).
        Exit codes: 0 stored (or, with --if-absent, an existing key left alone), 1 storing failed, 2 bad arguments.
        """;

    /// <returns>The request, or null when help was asked for.</returns>
    public static KeyRequest? Parse(IReadOnlyList<string> args)
    {
        string? account = null, vault = null, settings = null, appSettings = null;
        var local = false;
        var ifAbsent = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option is "--help" or "-h" or "-?")
            {
                return null;
            }

            if (!seen.Add(option))
            {
                throw new UsageException($"{option} is given more than once.");
            }

            switch (option)
            {
                case "--account":
                    account = Value(args, ref i);
                    break;
                case "--vault":
                    vault = Value(args, ref i);
                    break;
                case "--local":
                    local = true;
                    break;
                case "--settings":
                    settings = Value(args, ref i);
                    break;
                case "--appsettings":
                    appSettings = Value(args, ref i);
                    break;
                case "--if-absent":
                    ifAbsent = true;
                    break;
                default:
                    throw new UsageException($"Unknown argument '{option}'.");
            }
        }

        if (account is null)
        {
            throw new UsageException("--account is required.");
        }

        try
        {
            account = ContextNames.ValidateAccountId(account);
        }
        catch (InvalidRequestException e)
        {
            throw new UsageException(e.Message);
        }

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
            : local ? new LocalSettingsDestination(settings)
            : new AppSettingsDestination(appSettings!);
        return new KeyRequest(account, destination, ifAbsent);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        var option = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal) || args[i + 1].Length == 0)
        {
            throw new UsageException($"{option} needs a value.");
        }

        return args[++i];
    }

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
