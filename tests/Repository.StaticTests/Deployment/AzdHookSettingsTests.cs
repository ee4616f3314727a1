using ContextStore.Testing.Documents;
using System.Text.RegularExpressions;

namespace Repository.StaticTests.Deployment;

/// <summary>azure.yaml: a failing postprovision hook never keeps `azd up` from deploying the app.</summary>
public partial class AzdHookSettingsTests
{
    [Fact]
    public void AzdGoesOnToDeployWhenThePostprovisionHookFailsOnEitherPlatform()
    {
        var yaml = File.ReadAllText(RepositoryFiles.PathOf("azure.yaml"));

        var settings = ContinueOnError().Matches(yaml).Select(m => m.Groups["value"].Value).ToList();

        Assert.Equal(["true", "true"], settings);
        Assert.Contains("run: ./hooks/postprovision.sh", yaml, StringComparison.Ordinal);
        Assert.Contains("run: ./hooks/postprovision.ps1", yaml, StringComparison.Ordinal);
    }

    [GeneratedRegex("""^\s*continueOnError:\s*(?<value>\S+)\s*$""", RegexOptions.Multiline)]
    private static partial Regex ContinueOnError();
}
