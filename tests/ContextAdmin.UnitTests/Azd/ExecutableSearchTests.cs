using ContextAdmin.Azd;

namespace ContextAdmin.UnitTests.Azd;

/// <summary>How the hooks find azd and az: as a shell would, on Windows through PATHEXT (the Azure CLI is az.cmd there).</summary>
public sealed class ExecutableSearchTests
{
    [Fact]
    public void OnWindowsTheAzureClisCmdFileIsFoundThroughPathext()
    {
        string[] files = [@"C:\Program Files\Microsoft SDKs\Azure\CLI2\wbin\az.cmd", @"C:\Users\dev\AppData\Local\Programs\Azure Dev CLI\azd.exe"];
        const string path = @"C:\Windows\system32;""C:\Program Files\Microsoft SDKs\Azure\CLI2\wbin"";C:\Users\dev\AppData\Local\Programs\Azure Dev CLI";

        Assert.Equal(files[0], ExecutableSearch.Find("az", path, ".COM;.EXE;.BAT;.CMD", windows: true, files.Contains), ignoreCase: true);
        Assert.Equal(files[1], ExecutableSearch.Find("azd", path, ".COM;.EXE;.BAT;.CMD", windows: true, files.Contains), ignoreCase: true);
    }

    [Fact]
    public void OnWindowsWithoutPathextTheUsualExtensionsAreTried() =>
        Assert.Equal(@"C:\tools\az.cmd", ExecutableSearch.Find("az", @"C:\tools", null, windows: true, file => file == @"C:\tools\az.cmd"));

    [Fact]
    public void TheFirstFolderOnThePathWins() =>
        Assert.Equal("/usr/local/bin/az", ExecutableSearch.Find("az", "/opt/none:/usr/local/bin:/usr/bin", null, windows: false, file => file is "/usr/local/bin/az" or "/usr/bin/az"));

    [Fact]
    public void OnPosixNoExtensionIsAdded() =>
        Assert.Null(ExecutableSearch.Find("az", "/usr/bin", ".EXE", windows: false, file => file == "/usr/bin/az.exe"));

    [Fact]
    public void AProgramOnNoFolderOfThePathIsNotFound() =>
        Assert.Null(ExecutableSearch.Find("az", "/usr/bin::/bin", null, windows: false, _ => false));
}
