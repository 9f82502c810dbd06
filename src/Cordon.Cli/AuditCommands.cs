using System.CommandLine;
using Cordon.Audit;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Cordon.Cli;

internal static class AuditCommands
{
    internal static readonly Option<string?> KeyFile = new("--key-file")
    {
        Description = "The log's signing key file. Default: Cordon__Audit__KeyFile, else audit-signing.key in the data directory.",
    };

    internal static readonly Option<string?> Origin = new("--origin")
    {
        Description = $"The log's name in checkpoints. Default: Cordon__Audit__Origin, else {AuditSigner.DefaultOrigin}.",
    };

    internal static IConfiguration Configuration(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(KeyFile) is { } file)
        {
            overrides["Cordon:Audit:KeyFile"] = file;
        }
        if (parse.GetValue(Origin) is { } origin)
        {
            overrides["Cordon:Audit:Origin"] = origin;
        }
        return new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
    }

    public static Command Audit()
    {
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "Trust this verifier key (name+keyid+base64) instead of the local key file: what an outside auditor holds.",
        };
        var verify = new Command("verify", "Recompute the audit log's Merkle tree from the stored entries and check every signed checkpoint. Exits 1 when anything is wrong.")
        {
            publicKey, KeyFile, Origin,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var trusted = parse.GetValue(publicKey) is { } text ? NoteVerifier.Parse(text) : AuditSigner.Load(Configuration(parse)).Verifier;
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var console = CordonCli.Console(parse);
            VerifyReport? report = null;
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Verifying the audit log");
                    report = await AuditVerifier.VerifyAsync(db, trusted, new Progress<(long Done, long Total)>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }), ct);
                    task.MaxValue = Math.Max(1, report.Entries);
                    task.Value = task.MaxValue;
                });
            var output = parse.InvocationConfiguration.Output;
            if (report!.Ok)
            {
                output.WriteLine($"OK: {report.Entries:N0} entries and {report.Checkpoints} signed checkpoint(s) verified in {report.Elapsed.TotalSeconds:N1} s; root {report.RootHash}.");
                return 0;
            }
            output.WriteLine($"FAILED: first bad index {(report.FirstBadIndex is { } i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(none: a checkpoint is bad)")}; {report.Problems.Count} problem(s) in {report.Entries:N0} entries and {report.Checkpoints} checkpoint(s):");
            foreach (var problem in report.Problems)
            {
                output.WriteLine($"  {problem.Message}");
            }
            return 1;
        });

        var checkpoint = new Command("checkpoint", "Sign the log's current state now and print the signed checkpoint.") { KeyFile, Origin };
        checkpoint.SetAction(async (parse, ct) =>
        {
            var signer = AuditSigner.Load(Configuration(parse));
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var made = await AuditCheckpoints.MakeAsync(db, signer, ct);
            parse.InvocationConfiguration.Output.Write(made.Note);
            return 0;
        });

        var key = new Command("key", "Print the log's verifier key (creating the signing key on first use).") { KeyFile, Origin };
        key.SetAction(parse =>
        {
            var signer = AuditSigner.Load(Configuration(parse));
            parse.InvocationConfiguration.Output.WriteLine(signer.Verifier.ToString());
            return 0;
        });

        var audit = new Command("audit", "The tamper-evident audit log: verification, checkpoints, key.");
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(checkpoint);
        audit.Subcommands.Add(key);
        return audit;
    }
}
