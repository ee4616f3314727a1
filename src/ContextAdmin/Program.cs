using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ContextAdmin;
using ContextAdmin.Azd;
using ContextAdmin.CommandLine;

using var interruption = Interruption.OfConsole();
var keys = new KeyCommand(
    Console.Out,
    Console.Error,
    vaultUri => new SecretClient(vaultUri, new DefaultAzureCredential()),
    Environment.CurrentDirectory);
var transfers = new TransferCommands(Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
var processes = new SystemProcessRunner();
var azdHooks = new AzdHookCommands(
    new PreprovisionCheck(processes, Console.Out, Console.Error),
    new PostprovisionSteps(processes, keys.RunAsync, TimeProvider.System, Environment.GetEnvironmentVariable, Environment.CurrentDirectory, Console.Out, Console.Error));
return await new ToolCommandLine(keys, transfers, azdHooks, Console.Out, Console.Error).RunAsync(args, interruption.Token);
