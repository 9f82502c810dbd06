using System.CommandLine;
using Cordon.Demo;

namespace Cordon.Cli;

internal static class DemoCommands
{
    public static Command Demo(TimeProvider clock)
    {
        var seed = new Command("seed", "Add the demo agencies and users (idempotent). Never run this on a production store.");
        seed.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct, migrate: true);
            var added = await DemoSeed.SeedAsync(db, clock.GetUtcNow(), ct);
            parse.InvocationConfiguration.Output.WriteLine($"Demo data: {added} agencies and users added. Demo password: {DemoSeed.Password}");
            return 0;
        });
        var demo = new Command("demo", "Demo data.");
        demo.Subcommands.Add(seed);
        demo.Subcommands.Add(DeclarationCommands.Generate());
        return demo;
    }
}
