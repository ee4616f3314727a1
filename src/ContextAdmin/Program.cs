using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ContextAdmin;
using ContextAdmin.CommandLine;

using var interruption = Interruption.OfConsole();
var keys = new KeyCommand(
    Console.Out,
    Console.Error,
    vaultUri => new SecretClient(vaultUri, new DefaultAzureCredential()),
    Environment.CurrentDirectory);
var transfers = new TransferCommands(Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
return await new ToolCommandLine(keys, transfers, Console.Out, Console.Error).RunAsync(args, interruption.Token);
