using System.CommandLine;
using System.Globalization;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Travellers;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>`cordon import passengers FILE --format paxlst|pnrgov|json`; `cordon travellers retention run`.</summary>
internal static class TravellerCommands
{
    /// <summary>`cordon travellers retention run`: one retention pass now, as the server's sweep runs it, reported.</summary>
    public static Command Travellers(TimeProvider clock)
    {
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "The server key file that seals masked data (its older keys in FILE.previous); default as the server: Cordon__Messaging__ServerKey, or messaging.key in the data directory.",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var run = new Command("run", "Mask and delete traveller data whose retention period has passed (Cordon__Travellers__Retention__*), skipping held travellers; "
                                     + "reports and audits (travellers.retention) what it did, by agency.")
        {
            keyFile, json,
        };
        run.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(keyFile) is { Length: > 0 } file)
            {
                overrides[Messaging.ChannelKeys.KeyFileSetting] = file;
                overrides[Messaging.ChannelKeys.ServerKeySetting] = "";
            }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
            var options = configuration.GetSection(TravellerRetentionOptions.Section).Get<TravellerRetentionOptions>() ?? new TravellerRetentionOptions();
            if (TravellerRetentionOptions.Check(options) is { } wrong)
            {
                throw new InvalidOperationException($"{TravellerRetentionOptions.Section}:{wrong}");
            }
            // Never a fresh key: data sealed by a key made by a typo would never open again.
            var keys = Messaging.ChannelKeys.Load(configuration, create: false);
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var reports = await TravellerRetention.SweepAsync(db, options, keys, clock.GetUtcNow(), always: true, Actor.LocalOperator, ct);
            if (parse.GetValue(json))
            {
                CordonCli.WriteJson(parse, reports);
                return 0;
            }
            var table = new Table().AddColumns("Agency", "Masked", "Deleted", "Held", "Lists deleted", "List contents erased");
            foreach (var r in reports)
            {
                table.AddRow(r.AgencyCode ?? "?", $"{r.Masked:N0}", $"{r.Deleted:N0}", $"{r.Held:N0}", $"{r.ManifestsDeleted:N0}", $"{r.ListContentsErased:N0}");
            }
            var console = CordonCli.Console(parse);
            if (reports.Count == 0)
            {
                console.MarkupLine("Nothing due for masking or deletion.");
            }
            else
            {
                console.Write(table);
            }
            return 0;
        });
        var retention = new Command("retention", "Retention of traveller data: masking after each kind's period, deletion after the long one (decision 030).") { run };
        return new Command("travellers", "Passenger and crew data held by Cordon.") { retention };
    }

    public static Command ImportPassengers(TimeProvider clock)
    {
        var path = new Argument<FileInfo>("path") { Description = "The PAXLST or PNRGOV interchange, or JSON file." };
        var format = new Option<string>("--format") { Description = "paxlst (UN/EDIFACT API lists), pnrgov (passenger name records) or json.", DefaultValueFactory = _ => "paxlst" };
        var agency = new Option<string?>("--agency") { Description = "Code of the receiving agency (default: the only customs agency)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables and progress." };
        var command = new Command("passengers", "Import passenger and crew lists (PAXLST, PNRGOV or JSON): each list stored or refused on its own; a later list for a flight is a new version.")
        {
            path, format, agency, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(path)!;
            var passengerFormat = PassengerImport.ParseFormat(parse.GetValue(format));
            if (!file.Exists)
            {
                throw Common.ValidationFailed.Field("path", $"{file.FullName} does not exist.");
            }
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await IntakeAccess.ReceivingAgencyAsync(db, Actor.LocalOperator, parse.GetValue(agency), ct);
            // The server's card hash key (configuration or the data directory's key file), so cards match across its bookings.
            var cards = CardHashKey.Load(new ConfigurationBuilder().AddEnvironmentVariables().Build());
            var context = new ManifestContext(agencyId, Actor.LocalOperator, file.Name, cards);
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            PassengerImportResult result;
            if (parse.GetValue(json))
            {
                result = await PassengerImport.ImportAsync(stream, passengerFormat, db, context, clock, null, ct);
                CordonCli.WriteJson(parse, new
                {
                    accepted = result.Accepted, replaced = result.Replaced, duplicates = result.Duplicates, rejected = result.Rejected, travellers = result.Travellers,
                    seconds = result.Seconds, lists = result.Lists, interchangeErrors = result.InterchangeErrors,
                });
                return 0; // as the declaration import: refusals are reported, not a failure of the command
            }
            var console = CordonCli.Console(parse);
            result = await CordonCli.ReadingFileAsync(console, file, report => PassengerImport.ImportAsync(stream, passengerFormat, db, context, clock,
                p => report(p.BytesRead, $"{p.Lists:N0} lists · {p.Travellers:N0} travellers · {p.Rejected:N0} refused"), ct));
            var table = new Table().AddColumns("Lists accepted", "Replaced", "Duplicates", "Refused", "Travellers stored", "Seconds");
            table.AddRow($"{result.Accepted:N0}", $"{result.Replaced:N0}", $"{result.Duplicates:N0}", $"{result.Rejected:N0}", $"{result.Travellers:N0}",
                result.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
            console.Write(table);
            foreach (var refused in result.Lists.Where(l => l.Outcome == ManifestOutcome.Rejected).Take(20))
            {
                console.MarkupLine($"[red]refused[/] {Markup.Escape(refused.MessageReference ?? "")}:");
                foreach (var error in refused.Errors.Take(20))
                {
                    console.MarkupLine($"  {Markup.Escape(error)}");
                }
            }
            foreach (var error in result.InterchangeErrors)
            {
                console.MarkupLine($"[yellow]envelope[/] {Markup.Escape(error)}");
            }
            return 0; // as the declaration import: refusals are reported, not a failure of the command
        });
        return command;
    }
}
