namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>A source and a target deployment, the source seeded with <see cref="SeededContext"/>, and a scratch folder.</summary>
public abstract class SeededTransferTests(string folderPrefix) : IAsyncLifetime
{
    protected SourceAndTarget Servers { get; private set; } = null!;

    protected string WorkFolder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    public async Task InitializeAsync()
    {
        Servers = await SourceAndTarget.StartAsync();
        await SeededContext.SeedAsync(Servers.Source);
    }

    public async Task DisposeAsync()
    {
        await Servers.DisposeAsync();
        Directory.Delete(WorkFolder, recursive: true);
    }
}
