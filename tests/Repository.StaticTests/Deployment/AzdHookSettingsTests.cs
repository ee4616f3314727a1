using System.Text.RegularExpressions;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// azure.yaml: a failing postprovision hook never keeps `azd up` from deploying the app (the hook itself exits 0 when
/// it cannot create the first key; this covers the rest, such as a tool that does not build), and a failing
/// preprovision hook stops provisioning.
/// </summary>
public partial class AzdHookSettingsTests
{
    [Fact]
    public void AzdGoesOnToDeployWhenThePostprovisionHookFailsOnEitherPlatform()
    {
        var yaml = File.ReadAllText(RepositoryFiles.PathOf("azure.yaml"));

        var settings = ContinueOnError().Matches(yaml).Select(m => m.Groups["value"].Value).ToList();

        Assert.Equal(["true", "true"], settings);
        var postprovision = yaml[yaml.IndexOf("postprovision:", StringComparison.Ordinal)..];
        Assert.Equal(2, ContinueOnError().Matches(postprovision).Count);
        Assert.Contains("run: ./hooks/postprovision.sh", postprovision, StringComparison.Ordinal);
        Assert.Contains("run: ./hooks/postprovision.ps1", postprovision, StringComparison.Ordinal);
    }

    [GeneratedRegex("""^\s*continueOnError:\s*(?<value>\S+)\s*$""", RegexOptions.Multiline)]
    private static partial Regex ContinueOnError();
}
