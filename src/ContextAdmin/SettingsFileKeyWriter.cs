using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContextAdmin;

/// <summary>Writes a key into a JSON settings file, keeping everything else in it (comments aside).</summary>
public static class SettingsFileKeyWriter
{
    public const string LocalSettingsFileName = "local.settings.json";

    /// <summary>The marker of the repository root, where the Functions project looks for local.settings.json.</summary>
    public const string RepositoryMarker = "ContextFunctions.sln";

    // No name twice: JsonObject would otherwise throw an ArgumentException only once the object is first used.
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    // Relaxed escaping keeps other values as they were written (a '+' stays '+', not \u002B).
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>local.settings.json at the repository root above <paramref name="workingDirectory"/>, or in it when there is none.</summary>
    public static string DefaultLocalSettingsPath(string workingDirectory)
    {
        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, RepositoryMarker)))
            {
                return Path.Combine(directory.FullName, LocalSettingsFileName);
            }
        }

        return Path.Combine(Path.GetFullPath(workingDirectory), LocalSettingsFileName);
    }

    /// <summary>Sets <c>Values.ApiKeys__{account}</c>; a missing file is created as <c>{"IsEncrypted":false,"Values":{}}</c>.</summary>
    public static void WriteLocalSettings(string path, string accountId, string key) =>
        Update(path, () => new JsonObject { ["IsEncrypted"] = false, ["Values"] = new JsonObject() }, root =>
            ChildObject(root, "Values", path)[$"ApiKeys__{accountId}"] = key);

    /// <summary>Sets <c>ApiKeys:{account}</c> (the object <c>"ApiKeys": {"account": "key"}</c>); a missing file is created.</summary>
    public static void WriteAppSettings(string path, string accountId, string key) =>
        Update(path, () => new JsonObject(), root =>
            ChildObject(root, "ApiKeys", path)[accountId] = key);

    private static void Update(string path, Func<JsonObject> empty, Action<JsonObject> change)
    {
        var fullPath = Path.GetFullPath(path);
        JsonObject root;
        if (File.Exists(fullPath))
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(File.ReadAllText(fullPath), documentOptions: ReadOptions);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{fullPath} is not valid JSON: {e.Message}", e);
            }

            root = parsed as JsonObject ?? throw new InvalidDataException($"{fullPath} does not hold a JSON object.");
        }
        else
        {
            root = empty();
        }

        change(root);

        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, root.ToJsonString(WriteOptions) + "\n");
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static JsonObject ChildObject(JsonObject root, string name, string path)
    {
        switch (root[name])
        {
            case JsonObject child:
                return child;
            case null:
                var created = new JsonObject();
                root[name] = created;
                return created;
            default:
                throw new InvalidDataException($"\"{name}\" in {Path.GetFullPath(path)} is not a JSON object.");
        }
    }
}
