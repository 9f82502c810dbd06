using Cordon.Cli;
using Cordon.Storage;

namespace Cordon.Tests.Support;

/// <summary>Runs the <c>cordon</c> command line in process against a store, as an operator would type it, and keeps what it printed.</summary>
public static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(StorageSetup.StoreSettings store, IEnumerable<string> args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CordonCli.RunAsync([.. args, "--provider", store.Provider.ToString(), "--connection", store.ConnectionString], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
