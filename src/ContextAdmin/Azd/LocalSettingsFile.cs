using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextAdmin.Azd;

/// <summary>
/// The local.settings.json at the repository root (where the Functions project reads it), pointed at the provisioned
/// Cosmos DB account and Key Vault so that a local run (<c>func start</c>) uses them with the developer's own Microsoft
/// Entra ID sign-in. It is merged into what is there (or into local.settings.sample.json), keeping the developer's
/// other values.
/// </summary>
public static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>Emulator-only settings: Azure accepts Entra ID only, and infra creates the container.</summary>
    private static readonly string[] EmulatorOnly =
    [
        "Cosmos__Key", "Cosmos__CreateIfNotExists", "Cosmos__AcceptEmulatorCertificate",
        "Cosmos__ManagedIdentityClientId", "KeyVault__ManagedIdentityClientId",
    ];

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        // A file on the developer's disk, read by people: no \u escapes for '+', '<' or non-ASCII letters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record AzureResources(string CosmosEndpoint, string CosmosDatabase, string CosmosContainer, string KeyVaultUri, string SweepSchedule);

    /// <summary>Writes <see cref="FileName"/> in <paramref name="root"/>.</summary>
    /// <exception cref="AzdHookException">The existing file (or the sample) is not a JSON object.</exception>
    public static void Write(string root, AzureResources resources)
    {
        var path = Path.Combine(root, FileName);
        var sample = Path.Combine(root, SampleFileName);
        var basePath = File.Exists(path) ? path : File.Exists(sample) ? sample : null;
        var settings = basePath is null ? [] : Load(basePath);

        settings["IsEncrypted"] = false;
        if (settings["Values"] is not JsonObject values)
        {
            values = [];
            settings["Values"] = values;
        }

        foreach (var name in EmulatorOnly)
        {
            values.Remove(name);
        }

        if (IsMissing(values["AzureWebJobsStorage"]))
        {
            values["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        }

        values["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        values["Cosmos__Endpoint"] = resources.CosmosEndpoint;
        values["Cosmos__Database"] = resources.CosmosDatabase;
        values["Cosmos__Container"] = resources.CosmosContainer;
        values["KeyVault__Uri"] = resources.KeyVaultUri;

        // The sweep schedule: the value already there stays, also one under the old name CleanupSchedule, which the
        // app no longer reads.
        if (IsMissing(values["Sweeper__Schedule"]))
        {
            values["Sweeper__Schedule"] = IsMissing(values["CleanupSchedule"]) ? resources.SweepSchedule : values["CleanupSchedule"]!.DeepClone();
        }

        values.Remove("CleanupSchedule");

        // Written beside it, then moved over it: a reader never sees half a file, nor two hooks each other's half.
        var temporary = Path.Combine(root, $".{FileName}.{Path.GetRandomFileName()}");
        try
        {
            File.WriteAllText(temporary, settings.ToJsonString(Written) + "\n");
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new AzdHookException($"{FileName} could not be written: {e.Message}");
        }
    }

    private static JsonObject Load(string path)
    {
        try
        {
            // A name given twice would otherwise throw an ArgumentException only once the object is first used.
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new AzdHookException($"{Path.GetFileName(path)} does not hold a JSON object; it was left as it is.");
        }
        catch (JsonException e)
        {
            throw new AzdHookException($"{Path.GetFileName(path)} is not valid JSON ({e.Message}); it was left as it is.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AzdHookException($"{Path.GetFileName(path)} could not be read: {e.Message}");
        }
    }

    /// <summary>As jq's <c>//</c>: missing, null and false count as no value.</summary>
    private static bool IsMissing(JsonNode? node) =>
        node is null || (node.GetValueKind() == JsonValueKind.False);
}
