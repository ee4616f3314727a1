using System.CommandLine;
using ContextAdmin.Azd;

namespace ContextAdmin.CommandLine;

/// <summary>
/// <c>context-admin azd preprovision|postprovision</c>: the azd hooks of azure.yaml. hooks/*.sh and hooks/*.ps1 only
/// run these (one command line each), so the hooks' logic is the same on every platform and tested here once.
/// </summary>
public sealed class AzdHookCommands(PreprovisionCheck preprovision, PostprovisionSteps postprovision)
{
    public void AddTo(RootCommand root)
    {
        var before = new Command("preprovision", "Before azd provisions: refuses the changes Azure cannot make to an existing region (azure.yaml runs it).");
        before.SetAction((_, token) => preprovision.RunAsync(token));

        var after = new Command("postprovision", "After azd provisions: writes local.settings.json and creates the first account's API key, create-only (azure.yaml runs it).");
        after.SetAction((_, token) => postprovision.RunAsync(token));

        root.Subcommands.Add(new Command("azd", "The azd hooks of this repository, which azure.yaml runs through hooks/.") { before, after });
    }
}
