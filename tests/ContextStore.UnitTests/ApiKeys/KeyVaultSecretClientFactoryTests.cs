using ContextStore.ApiKeys;

namespace ContextStore.UnitTests.ApiKeys;

public class KeyVaultSecretClientFactoryTests
{
    [Fact]
    public void AVaultUriThatIsNotAnAbsoluteUrlIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => KeyVaultSecretClientFactory.Create(new KeyVaultOptions { Uri = "my-vault" }));

    [Fact]
    public void TheClientReadsTheConfiguredVault() =>
        Assert.Equal(new Uri("https://my-vault.vault.azure.net/"),
            KeyVaultSecretClientFactory.Create(new KeyVaultOptions { Uri = "https://my-vault.vault.azure.net/" }).VaultUri);
}
