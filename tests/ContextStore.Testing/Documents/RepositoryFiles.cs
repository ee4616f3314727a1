namespace ContextStore.Testing.Documents;

/// <summary>Files of this repository, for tests that check sources and settings against each other.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContextFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ContextFunctions.sln above {AppContext.BaseDirectory}");
    }
}
