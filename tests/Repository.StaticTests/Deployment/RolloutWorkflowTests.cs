using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// .github/workflows/azure-dev.yml (and deploy-region.yml, which it calls per region): the rollout waits for the
/// test suite, builds the package once, goes region by region with a preview, a deployment of that package and a
/// smoke test, and stops at the first failure. actionlint checks every workflow file.
/// </summary>
public sealed partial class RolloutWorkflowTests
{
    private const string Rollout = "azure-dev.yml";
    private const string Region = "deploy-region.yml";
    private static readonly string[] Regions = ["context-us", "context-emea", "context-apac"];

    private static readonly Lazy<JsonObject> RolloutWorkflow = new(() => WorkflowFiles.Load(Rollout));
    private static readonly Lazy<JsonObject> RegionWorkflow = new(() => WorkflowFiles.Load(Region));

    [Fact]
    public void OnlyAPushToMainOrAManualRunStartsARollout()
    {
        var triggers = RolloutWorkflow.Value["on"]!.AsObject();

        Assert.Equal(["push", "workflow_dispatch"], triggers.Select(t => t.Key).Order());
        Assert.Equal(["main"], Strings(triggers["push"]!["branches"]));
        Assert.NotNull(triggers["workflow_dispatch"]!["inputs"]!["ref"]);
    }

    [Fact]
    public void EveryJobThatTouchesAzureRunsOnlyAfterTheWholeTestSuitePassed()
    {
        var jobs = Jobs(RolloutWorkflow.Value);

        Assert.Equal("./.github/workflows/ci.yml", Text(jobs["test"]["uses"]));
        Assert.Null(jobs["test"]["needs"]);
        Assert.All(jobs.Where(j => j.Key != "test"), job =>
            Assert.True(DependsOn(jobs, job.Key).Contains("test"), $"job {job.Key} does not wait for the test job"));
        Assert.Null(jobs["test"]["if"]);
        Assert.All(jobs.Values, job => Assert.DoesNotContain("always()", Text(job["if"]), StringComparison.Ordinal));

        var ci = WorkflowFiles.Load("ci.yml");
        Assert.NotNull(ci["on"]!["workflow_call"]);
        var ciSteps = Steps(Assert.Single(Jobs(ci)).Value);
        Assert.Contains(ciSteps, s => Text(s["run"]).Trim() == "bash scripts/test.sh");
        Assert.Contains(ciSteps, s => Text(s["uses"]).StartsWith("actions/checkout@", StringComparison.Ordinal)
            && Text(s["with"]?["ref"]).Contains("inputs.ref", StringComparison.Ordinal));
    }

    [Fact]
    public void ThePackageIsBuiltOnceAndEveryRegionDeploysThatPackage()
    {
        var jobs = Jobs(RolloutWorkflow.Value);
        var packageSteps = Steps(jobs["package"]);
        var regionSteps = Steps(Jobs(RegionWorkflow.Value).Single().Value);

        Assert.Contains(packageSteps, s => Text(s["run"]).Contains("dotnet publish src/ContextFunctions --configuration Release", StringComparison.Ordinal));
        var upload = Assert.Single(packageSteps, s => Text(s["uses"]).StartsWith("actions/upload-artifact@", StringComparison.Ordinal));
        var download = Assert.Single(regionSteps, s => Text(s["uses"]).StartsWith("actions/download-artifact@", StringComparison.Ordinal));
        Assert.Equal(Text(upload["with"]!["name"]), Text(download["with"]!["name"]));
        var deploy = Assert.Single(regionSteps, s => Text(s["run"]).Contains("azd deploy", StringComparison.Ordinal));
        Assert.Contains($"--from-package {Text(download["with"]!["path"])}/{Text(upload["with"]!["path"])}", Text(deploy["run"]), StringComparison.Ordinal);
        Assert.DoesNotContain(regionSteps, s => Text(s["run"]).Contains("dotnet publish", StringComparison.Ordinal) || Text(s["run"]).Contains("azd up", StringComparison.Ordinal)
            || Text(s["run"]).Contains("azd package", StringComparison.Ordinal));
    }

    [Fact]
    public void OneRegionGoesFirstThenTheOthersOneAtATimeStoppingAtTheFirstFailure()
    {
        var jobs = Jobs(RolloutWorkflow.Value);
        var regionJobs = jobs.Where(j => Text(j.Value["uses"]) == $"./.github/workflows/{Region}").ToList();

        Assert.Equal(["first", "rest"], regionJobs.Select(j => j.Key));
        Assert.Equal("context-us", Text(jobs["first"]["with"]!["environment"]));
        Assert.Equal(["package"], Strings(jobs["first"]["needs"]));
        Assert.Equal(["first"], Strings(jobs["rest"]["needs"]));
        var strategy = jobs["rest"]["strategy"]!;
        Assert.Equal("1", Text(strategy["max-parallel"]));
        Assert.Equal("true", Text(strategy["fail-fast"]));
        Assert.Equal(["context-emea", "context-apac"], Strings(strategy["matrix"]!["environment"]));
        Assert.Equal("${{ matrix.environment }}", Text(jobs["rest"]["with"]!["environment"]));
        Assert.Equal(Regions.Order(), Strings(strategy["matrix"]!["environment"]).Append("context-us").Order());
    }

    [Fact]
    public void EachRegionRunsInItsGitHubEnvironmentSoItsProtectionRulesGateIt()
    {
        var job = Jobs(RegionWorkflow.Value).Single().Value;

        Assert.Equal("${{ inputs.environment }}", Text(job["environment"]));
        Assert.Equal("${{ vars.AZURE_ENV_NAME || inputs.environment }}", Text(job["env"]!["AZURE_ENV_NAME"]));
        Assert.Equal(["workflow_call"], RegionWorkflow.Value["on"]!.AsObject().Select(t => t.Key));
    }

    [Fact]
    public void EachRegionShowsTheProvisionPreviewThenProvisionsDeploysAndSmokeTestsInThatOrder()
    {
        var steps = Steps(Jobs(RegionWorkflow.Value).Single().Value);
        int IndexOf(Func<JsonNode, bool> match) => steps.FindIndex(s => match(s));

        var preview = IndexOf(s => Text(s["run"]).Contains("azd provision --preview", StringComparison.Ordinal));
        var provision = IndexOf(s => Text(s["run"]).Trim() == "azd provision --no-prompt");
        var deploy = IndexOf(s => Text(s["run"]).Contains("azd deploy api", StringComparison.Ordinal));
        var smoke = IndexOf(s => Text(s["name"]) == "Smoke test");

        Assert.True(preview >= 0 && preview < provision && provision < deploy && deploy < smoke,
            $"steps out of order: preview {preview}, provision {provision}, deploy {deploy}, smoke test {smoke}");
        Assert.Contains("GITHUB_STEP_SUMMARY", Text(steps[preview]["run"]), StringComparison.Ordinal);
        Assert.Equal(smoke, steps.Count - 1);
    }

    [Fact]
    public void TheSmokeTestExpectsARefusalWithoutAKeyAndA200WithTheProbeKeySecret()
    {
        var smoke = Steps(Jobs(RegionWorkflow.Value).Single().Value).Single(s => Text(s["name"]) == "Smoke test");
        var run = Text(smoke["run"]);

        Assert.Equal("${{ secrets.CONTEXT_PROBE_KEY }}", Text(smoke["env"]!["CONTEXT_PROBE_KEY"]));
        Assert.Contains("azd env get-value SERVICE_API_URI", run, StringComparison.Ordinal);
        Assert.Contains("expect 403 \"$base/v1/account/$CONTEXT_PROBE_ACCOUNT\"", run, StringComparison.Ordinal);
        Assert.Contains("expect 200 -H \"maven-api-key: $CONTEXT_PROBE_KEY\" \"$base/v1/account/$CONTEXT_PROBE_ACCOUNT\"", run, StringComparison.Ordinal);
        Assert.Contains("[ \"$status\" = \"$wanted\" ]", run, StringComparison.Ordinal);
        Assert.True(run.IndexOf("expect 403", StringComparison.Ordinal) < run.IndexOf("expect 200", StringComparison.Ordinal));
        Assert.DoesNotContain("echo \"$CONTEXT_PROBE_KEY", run, StringComparison.Ordinal);
    }

    [Fact]
    public void CiProvisionsWithoutDataAccessAndWithTheRegionsAzdValues()
    {
        var job = Jobs(RegionWorkflow.Value).Single().Value;
        var select = Steps(job).Single(s => Text(s["run"]).Contains("azd env new", StringComparison.Ordinal));
        var run = Text(select["run"]);
        var infraValues = AzdValuesInfraReads();

        Assert.Contains("azd env set CONTEXT_DEPLOYER_DATA_ACCESS false", run, StringComparison.Ordinal);
        var forwarded = ForLoopNames().Match(run).Groups["names"].Value.Split([' ', '\\', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(forwarded);
        Assert.All(forwarded, name =>
        {
            Assert.Contains(name, infraValues);
            Assert.Equal($"${{{{ vars.{name} }}}}", Text(job["env"]![name]));
        });
        // Every value infra reads is either set by the rollout or one azd sets itself.
        Assert.Equal(
            infraValues.Except(["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_PRINCIPAL_ID", "CONTEXT_DEPLOYER_DATA_ACCESS"]).Order(),
            forwarded.Order());
    }

    [Fact]
    public void EveryCallOfALocalWorkflowPassesTheInputsItDeclaresAndNoOthers()
    {
        foreach (var file in Directory.EnumerateFiles(WorkflowFiles.Folder, "*.yml").Select(Path.GetFileName))
        {
            foreach (var (name, job) in Jobs(WorkflowFiles.Load(file!)))
            {
                var uses = Text(job["uses"]);
                if (!uses.StartsWith("./.github/workflows/", StringComparison.Ordinal))
                {
                    continue;
                }

                var inputs = WorkflowFiles.Load(Path.GetFileName(uses))["on"]!["workflow_call"]!["inputs"]!.AsObject();
                var given = job["with"]?.AsObject().Select(w => w.Key).ToList() ?? [];
                Assert.All(given, input => Assert.True(inputs.ContainsKey(input), $"{file} job {name} passes {input}, which {uses} does not declare"));
                Assert.All(inputs.Where(i => Text(i.Value!["required"]) == "true"), input =>
                    Assert.True(given.Contains(input.Key), $"{file} job {name} does not pass {input.Key}, which {uses} requires"));
            }
        }
    }

    [Fact]
    public void ActionlintFindsNothingInTheWorkflows()
    {
        var files = Directory.EnumerateFiles(WorkflowFiles.Folder, "*.yml").Order().ToArray();

        var findings = Actionlint.Lint(files);

        Assert.Equal(3, files.Length);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void ActionlintReportsAJobThatNeedsAJobThatDoesNotExist()
    {
        var broken = Path.Combine(Directory.CreateTempSubdirectory("actionlint-").FullName, "broken.yml");
        File.WriteAllText(broken, File.ReadAllText(Path.Combine(WorkflowFiles.Folder, Rollout)).Replace("needs: first", "needs: frist", StringComparison.Ordinal));
        try
        {
            var finding = Assert.Single(Actionlint.Lint(broken));

            Assert.Equal("job-needs", finding.Kind);
            Assert.Contains("\"frist\"", finding.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }

    /// <summary>The azd environment values infra/main.parameters.json reads.</summary>
    private static List<string> AzdValuesInfraReads() =>
        AzdReference().Matches(File.ReadAllText(RepositoryFiles.PathOf("infra", "main.parameters.json")))
            .Select(m => m.Groups["name"].Value).Distinct().ToList();

    private static Dictionary<string, JsonObject> Jobs(JsonObject workflow) =>
        workflow["jobs"]!.AsObject().ToDictionary(j => j.Key, j => j.Value!.AsObject());

    private static List<JsonNode> Steps(JsonObject job) => job["steps"]!.AsArray().Select(s => s!).ToList();

    private static HashSet<string> DependsOn(Dictionary<string, JsonObject> jobs, string name)
    {
        var all = new HashSet<string>();
        var pending = new Stack<string>(Strings(jobs[name]["needs"]));
        while (pending.TryPop(out var next))
        {
            if (all.Add(next))
            {
                foreach (var further in Strings(jobs[next]["needs"]))
                {
                    pending.Push(further);
                }
            }
        }

        return all;
    }

    /// <summary>A string or a list of strings, as `needs:` and `branches:` may be either.</summary>
    private static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray list => list.Select(Text).ToList(),
        _ => [Text(node)],
    };

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    [GeneratedRegex("""\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex AzdReference();

    [GeneratedRegex("""for name in (?<names>[A-Z_ \\\n]+?); do""")]
    private static partial Regex ForLoopNames();
}
