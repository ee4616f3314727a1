using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ContextAdmin.CommandLine;
using ContextStore.Contract;

namespace ContextAdmin;

/// <summary>
/// The whole tool: parse, generate, store, print the key once on <paramref name="output"/> (alone, so scripts can
/// capture it); everything else goes to <paramref name="error"/>. The key is never written anywhere else.
/// </summary>
public sealed class KeyCommand(TextWriter output, TextWriter error, Func<Uri, SecretClient> createSecretClient, string workingDirectory)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        RunAsync(() => KeyCommandLine.Parse(args), cancellationToken);

    /// <param name="parse">Reads the request from the command line; null: help was asked for.</param>
    public async Task<int> RunAsync(Func<KeyRequest?> parse, CancellationToken cancellationToken)
    {
        KeyRequest? request;
        try
        {
            request = parse();
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            await error.WriteLineAsync();
            await error.WriteLineAsync(KeyCommandLine.Usage);
            return BadArguments;
        }

        if (request is null)
        {
            await output.WriteLineAsync(KeyCommandLine.Usage);
            return Succeeded;
        }

        try
        {
            if (request is { IfAbsent: true, Destination: VaultDestination vault })
            {
                var writer = new VaultKeyWriter(createSecretClient(vault.VaultUri));
                var existing = await writer.EnabledVersionAsync(request.AccountId, cancellationToken);
                if (existing is not null)
                {
                    await error.WriteLineAsync(
                        $"Left the existing key alone: secret {KeyVaultSecretNames.ForAccount(request.AccountId)} in {vault.VaultUri} "
                        + $"has an enabled version ({existing}); nothing was written and no key is shown. "
                        + "To rotate the key, run the same command without --if-absent.");
                    return Succeeded;
                }

                return await StoreAndPrintAsync(key => CreateInVaultAsync(writer, request.AccountId, vault.VaultUri, key, cancellationToken));
            }

            return await StoreAndPrintAsync(key => StoreAsync(request, key, cancellationToken));
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            await error.WriteLineAsync($"error: the key was not stored: {Describe(e)}");
            return Failed;
        }
    }

    /// <summary>Makes a key, stores it (the message says where), then prints the key alone on the output.</summary>
    private async Task<int> StoreAndPrintAsync(Func<string, Task<string>> store)
    {
        var key = ApiKeyGenerator.NewKey();
        await error.WriteLineAsync(await store(key));
        await output.WriteLineAsync(key);
        return Succeeded;
    }

    private static async Task<string> CreateInVaultAsync(VaultKeyWriter writer, string accountId, Uri vaultUri, string key, CancellationToken cancellationToken)
    {
        var (name, version) = await writer.WriteAsync(accountId, key, cancellationToken);
        return $"Created the key: secret {name} in {vaultUri} had no enabled version; stored the key as version "
            + $"{version ?? "(unknown)"}. The key is shown once:";
    }

    private async Task<string> StoreAsync(KeyRequest request, string key, CancellationToken cancellationToken)
    {
        switch (request.Destination)
        {
            case VaultDestination vault:
                var (name, version) = await new VaultKeyWriter(createSecretClient(vault.VaultUri))
                    .WriteAsync(request.AccountId, key, cancellationToken);
                return $"Stored the key as version {version ?? "(unknown)"} of secret {name} in {vault.VaultUri}; "
                    + "the previous key stops working within 60 seconds. The key is shown once:";
            case LocalSettingsDestination local:
                var localPath = local.Path is null
                    ? SettingsFileKeyWriter.DefaultLocalSettingsPath(workingDirectory)
                    : Path.GetFullPath(local.Path, workingDirectory);
                SettingsFileKeyWriter.WriteLocalSettings(localPath, request.AccountId, key);
                return $"Wrote Values.ApiKeys__{request.AccountId} in {localPath}. The key:";
            case AppSettingsDestination appSettings:
                var appSettingsPath = Path.GetFullPath(appSettings.Path, workingDirectory);
                SettingsFileKeyWriter.WriteAppSettings(appSettingsPath, request.AccountId, key);
                return $"Wrote ApiKeys:{request.AccountId} in {appSettingsPath}. The key:";
            default:
                throw new InvalidOperationException($"Unknown destination {request.Destination}.");
        }
    }

    private static bool IsStoreFailure(Exception e) => e switch
    {
        RequestFailedException or AuthenticationFailedException or CredentialUnavailableException => true,
        IOException or UnauthorizedAccessException or InvalidDataException or OperationCanceledException => true,
        // The Azure SDK reports a request that failed every retry as an AggregateException of the attempts.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStoreFailure),
        _ => false,
    };

    private static string Describe(Exception e) => e switch
    {
        AggregateException aggregate => $"{Describe(aggregate.InnerExceptions[^1])} (after {aggregate.InnerExceptions.Count} attempts)",
        RequestFailedException { Status: 0 } failed => $"Key Vault could not be reached: {FirstLine(failed.Message)}",
        RequestFailedException failed => $"Key Vault answered {failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}",
        AuthenticationFailedException or CredentialUnavailableException =>
            $"signing in to Azure failed (run 'az login' or check the managed identity): {FirstLine(e.Message)}",
        OperationCanceledException => "cancelled.",
        _ => e.Message,
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
