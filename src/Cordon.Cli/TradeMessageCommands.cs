using System.CommandLine;
using System.Globalization;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.TradeMessages;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>
/// `cordon import edifact FILE`: CUSDEC and CUSCAR interchanges through the one intake, answers to the sender's outbox;
/// `cordon export edifact --kind cusdec|cuscar`: an agency's records written as one interchange.
/// </summary>
internal static class TradeMessageCommands
{
    public static Command ImportEdifact(TimeProvider clock)
    {
        var path = new Argument<FileInfo>("path") { Description = "The UN/EDIFACT interchange(s) of CUSDEC and CUSCAR messages." };
        var agency = new Option<string?>("--agency") { Description = "Code of the receiving customs agency (default: the only customs agency)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables and progress." };
        var command = new Command("edifact", "Import CUSDEC declarations (UN/EDIFACT D96B/D01B) and CUSCAR cargo reports (D95B/D00B, one consignment per bill): each message or bill stored or refused on its own; CONTRL and CUSRES answers go to the sender's outbox.")
        {
            path, agency, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(path)!;
            if (!file.Exists)
            {
                throw Common.ValidationFailed.Field("path", $"{file.FullName} does not exist.");
            }
            var store = CordonCli.Store(parse);
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await IntakeAccess.ReceivingAgencyAsync(db, Actor.LocalOperator, parse.GetValue(agency), ct);
            var context = new IntakeContext(agencyId, Actor.LocalOperator.Name, $"edifact:{file.Name}", clock.GetUtcNow())
            {
                Actor = Audit.AuditActor.Of(Actor.LocalOperator),
            };
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var submit = TradeMessageIntake.Through(store);
            TradeMessageReceipt result;
            if (parse.GetValue(json))
            {
                result = await TradeMessageIntake.ReceiveAsync(stream, db, submit, context, clock, null, ct);
                CordonCli.WriteJson(parse, new
                {
                    accepted = result.Accepted, amended = result.Amended, duplicates = result.Duplicates, rejected = result.Rejected, seconds = result.Seconds,
                    messages = result.Messages, unlisted = result.Unlisted, interchangeErrors = result.InterchangeErrors, answers = result.Answers.Select(a => new { a.Sequence, a.Kind, a.State, a.Interchange, a.Message }),
                });
                return 0; // as the other imports: refusals are reported, not a failure of the command
            }
            var console = CordonCli.Console(parse);
            result = await CordonCli.ReadingFileAsync(console, file, report => TradeMessageIntake.ReceiveAsync(stream, db, submit, context, clock,
                p => report(p.BytesRead, $"{p.Messages:N0} messages · {p.Rejected:N0} refused"), ct));
            var table = new Table().AddColumns("Accepted", "Amended", "Duplicates", "Refused", "Answers", "Seconds");
            table.AddRow($"{result.Accepted:N0}", $"{result.Amended:N0}", $"{result.Duplicates:N0}", $"{result.Rejected:N0}", $"{result.AnswerCount:N0}",
                result.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
            console.Write(table);
            foreach (var refused in result.Messages.Where(m => m.Outcome == "rejected").Take(20))
            {
                console.MarkupLine($"[red]refused[/] interchange {Markup.Escape(refused.Interchange)}, UNH {refused.Number} ({Markup.Escape(refused.Reference)}){(refused.Bill is { } bill ? $", bill {Markup.Escape(bill)}" : "")}:");
                foreach (var error in refused.Errors.Take(20))
                {
                    console.MarkupLine($"  {Markup.Escape(error.ToString())}");
                }
            }
            foreach (var error in result.InterchangeErrors)
            {
                console.MarkupLine($"[yellow]envelope[/] {Markup.Escape(error.Interchange ?? "")}: {Markup.Escape(error.Error.ToString())}");
            }
            return 0;
        });
        return command;
    }

    public static Command Export(TimeProvider clock)
    {
        var kind = new Option<string>("--kind") { Description = "cusdec (declarations, D96B) or cuscar (pre-arrival consignments, D95B).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)." };
        var agency = new Option<string?>("--agency") { Description = "Code of the agency whose records are written, the interchange's sender (default: the only customs agency)." };
        var recipient = new Option<string>("--recipient") { Description = "The receiving administration's identification in UNB (default ZZZ, mutually defined).", DefaultValueFactory = _ => "ZZZ" };
        var edifact = new Command("edifact", "Write an agency's declarations as CUSDEC or its pre-arrival consignments as CUSCAR, one UN/EDIFACT interchange, "
            + "read through the access policy as the other exports are; `cordon import edifact` reads it back.")
        {
            kind, output, agency, recipient,
        };
        edifact.SetAction(async (parse, ct) =>
        {
            var messages = TradeMessageExport.ParseKind(parse.GetValue(kind), "--kind");
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var owner = await IntakeAccess.ReceivingAgencyAsync(db, Actor.LocalOperator, parse.GetValue(agency), ct);
            var sender = await db.Agencies.Where(a => a.Id == owner).Select(a => a.Code).SingleAsync(ct);
            var policy = await AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.RiskAnalysis, ct: ct);
            var written = await TradeMessageExport.WriteAsync(db, policy, messages, owner, new DeclarationFilter(), sender, parse.GetValue(recipient)!,
                clock.GetUtcNow(), ct);
            if (parse.GetValue(output) is { } file)
            {
                // Latin-1 for UNOA to UNOC (the writer's default syntax level is UNOC, ISO 8859-1).
                await File.WriteAllTextAsync(file.FullName, written.Interchange, System.Text.Encoding.Latin1, ct);
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{written.Records:N0} record(s) written to {file.FullName} as interchange {written.Reference}.");
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteAsync(written.Interchange);
                await parse.InvocationConfiguration.Output.FlushAsync(ct);
            }
            return 0;
        });
        var export = new Command("export", "Write stored records in standard messages.");
        export.Subcommands.Add(edifact);
        return export;
    }
}
