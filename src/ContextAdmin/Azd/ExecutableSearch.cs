namespace ContextAdmin.Azd;

/// <summary>
/// Finds a program on PATH as a shell does. On Windows a name without an extension is tried with each PATHEXT
/// extension: the Azure CLI installs <c>az.cmd</c>, which .NET's process start does not find by itself.
/// </summary>
public static class ExecutableSearch
{
    private const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

    public static string? Find(string program) => Find(
        program,
        Environment.GetEnvironmentVariable("PATH"),
        Environment.GetEnvironmentVariable("PATHEXT"),
        OperatingSystem.IsWindows(),
        File.Exists);

    /// <returns>The full path of the program, or null when no folder of <paramref name="path"/> holds it.</returns>
    public static string? Find(string program, string? path, string? pathExt, bool windows, Func<string, bool> fileExists)
    {
        var separator = windows ? ';' : ':';
        var names = windows && !Path.HasExtension(program)
            ? (pathExt is { Length: > 0 } ? pathExt : DefaultPathExt)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(extension => program + extension.ToLowerInvariant())
                .ToArray()
            : [program];
        foreach (var folder in (path ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            // A Windows PATH entry may be quoted; an empty POSIX entry (the current directory) is skipped on purpose.
            var directory = windows ? folder.Trim('"') : folder;
            foreach (var name in names)
            {
                var candidate = Join(directory, name, windows ? '\\' : '/');
                if (fileExists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Not Path.Join: the separator is the searched system's, so the Windows search is tested on any system.</summary>
    private static string Join(string directory, string name, char separator) =>
        directory.EndsWith(separator) || directory.EndsWith('/') ? directory + name : directory + separator + name;
}
