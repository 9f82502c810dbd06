using System.CommandLine;
using System.Globalization;
using System.Text;
using Cordon.Declarations;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>`cordon import …`, `cordon declarations …` and `cordon demo generate`.</summary>
internal static class DeclarationCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of tables and progress." };

    public static Command Import(TimeProvider clock)
    {
        var import = new Command("import", "Import declarations, pre-arrival consignments, passenger lists or UN/EDIFACT declarations from a file (streamed; any size).");
        import.Subcommands.Add(ImportCommand("declarations", "Import declarations: csv (Cordon layout), jsonl, or research-csv (the public customs-fraud research layout).", IntakeKind.Declaration, clock));
        import.Subcommands.Add(ImportCommand("consignments", "Import pre-arrival consignments (manifest lines): csv or jsonl.", IntakeKind.Consignment, clock));
        import.Subcommands.Add(TravellerCommands.ImportPassengers(clock));
        import.Subcommands.Add(TradeMessageCommands.ImportEdifact(clock));
        return import;
    }

    private static Command ImportCommand(string name, string description, IntakeKind kind, TimeProvider clock)
    {
        var path = new Argument<FileInfo>("path") { Description = "The file to import." };
        var format = new Option<string>("--format") { Description = "csv, jsonl or research-csv.", DefaultValueFactory = _ => "csv" };
        var agency = new Option<string?>("--agency") { Description = "Code of the receiving customs agency (default: the only customs agency)." };
        var batch = new Option<int>("--batch-size") { Description = "Records per transaction.", DefaultValueFactory = _ => FileImport.DefaultBatchSize };
        var command = new Command(name, description) { path, format, agency, batch, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(path)!;
            var fileFormat = DeclarationFiles.ParseFormat(parse.GetValue(format));
            if (!file.Exists)
            {
                throw Common.ValidationFailed.Field("path", $"{file.FullName} does not exist.");
            }
            var store = CordonCli.Store(parse);
            Guid agencyId;
            await using (var db = await CordonCli.OpenAsync(parse, ct))
            {
                agencyId = await IntakeAccess.ReceivingAgencyAsync(db, Actor.LocalOperator, parse.GetValue(agency), ct);
            }
            var context = new IntakeContext(agencyId, Actor.LocalOperator.Name, file.Name, clock.GetUtcNow()) { Actor = Audit.AuditActor.Of(Actor.LocalOperator) };
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var json = parse.GetValue(JsonOutput);
            var size = parse.GetValue(batch);
            Task<ImportResult> Run(Action<ImportProgress>? progress) => kind == IntakeKind.Declaration
                ? FileImport.DeclarationsAsync(stream, fileFormat, store, context, progress, ct, size)
                : FileImport.ConsignmentsAsync(stream, fileFormat, store, context, progress, ct, size);

            ImportResult result;
            if (json)
            {
                result = await Run(null);
                var s = result.Summary;
                CordonCli.WriteJson(parse, new { accepted = s.Accepted, rejected = s.Rejected, duplicates = s.Duplicates, amended = s.Amended, seconds = s.Seconds });
                return result.Completed ? 0 : 130;
            }
            var console = CordonCli.Console(parse);
            result = await CordonCli.ReadingFileAsync(console, file,
                report => Run(p => report(p.BytesRead, $"{p.Records:N0} records · {p.RecordsPerSecond:N0}/s · {p.Rejected:N0} rejected")));
            var summary = result.Summary;
            var table = new Table().AddColumns("Accepted", "Amended", "Duplicates", "Rejected", "Seconds", "Records/s");
            table.AddRow($"{summary.Accepted:N0}", $"{summary.Amended:N0}", $"{summary.Duplicates:N0}", $"{summary.Rejected:N0}",
                summary.Seconds.ToString("0.0", CultureInfo.InvariantCulture), summary.Seconds > 0 ? $"{summary.Total / summary.Seconds:N0}" : "-");
            console.Write(table);
            if (!result.Completed)
            {
                console.MarkupLine("[yellow]Stopped before the end of the file.[/] Every counted record is stored; run the same command again to finish (stored records come back as duplicates).");
            }
            if (result.FirstRejects.Count > 0)
            {
                console.MarkupLine($"[red]{summary.Rejected:N0} record(s) rejected[/] and kept in quarantine (cordon declarations quarantine). The first ones:");
                foreach (var r in result.FirstRejects.Take(20))
                {
                    foreach (var (field, messages) in r.Errors!)
                    {
                        console.MarkupLine($"  {Markup.Escape(r.Position)}{(r.Number is null ? "" : $" ({Markup.Escape(r.Number)})")} [bold]{Markup.Escape(field.Length == 0 ? "record" : field)}[/]: {Markup.Escape(string.Join(" ", messages))}");
                    }
                }
            }
            return result.Completed ? 0 : 130;
        });
        return command;
    }

    /// <summary>The CLI runs with the database in hand: the policy's local-operator case, which reads everything.</summary>
    private static Task<AccessPolicy> OperatorPolicyAsync(CordonDb db, CancellationToken ct)
        => AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.RiskAnalysis, ct: ct);

    public static Command Declarations()
    {
        var from = new Option<string?>("--from") { Description = "Lodged on or after (yyyy-MM-dd)." };
        var to = new Option<string?>("--to") { Description = "Lodged on or before (yyyy-MM-dd)." };
        var office = new Option<string?>("--office") { Description = "Customs office code." };
        var importer = new Option<string?>("--importer") { Description = "Importer identifier (EORI)." };
        var declarant = new Option<string?>("--declarant") { Description = "Declarant identifier." };
        var hs = new Option<string?>("--hs") { Description = "HS code prefix, e.g. 8703." };
        var origin = new Option<string?>("--origin") { Description = "Country of origin (ISO alpha-2)." };
        DeclarationFilter Filter(ParseResult p) => DeclarationFilter.Parse(p.GetValue(from), p.GetValue(to), p.GetValue(office), p.GetValue(importer), p.GetValue(declarant), p.GetValue(hs), p.GetValue(origin));

        var page = new Option<int>("--page") { Description = "Page number.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Rows per page (at most 500).", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List declarations, newest first, with filters.") { from, to, office, importer, declarant, hs, origin, page, pageSize, JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var result = await DeclarationQueries.ListAsync(db, await OperatorPolicyAsync(db, ct), Filter(parse), parse.GetValue(page), parse.GetValue(pageSize), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, result);
                return 0;
            }
            var table = new Table().AddColumns("Number", "Lodged", "Office", "Declarant", "Importer", "Origin", "Items", "CIF", "Version");
            foreach (var r in result.Rows)
            {
                table.AddRow(Markup.Escape(r.Number), r.LodgedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Markup.Escape(r.Office), Markup.Escape(r.Declarant),
                    Markup.Escape(r.ImporterName ?? r.ImporterCode ?? ""), r.OriginCountry ?? "", r.ItemCount.ToString(CultureInfo.InvariantCulture),
                    r.TotalCif is { } cif ? $"{cif:N2} {r.Currency}" : "", r.Version.ToString(CultureInfo.InvariantCulture));
            }
            var console = CordonCli.Console(parse);
            console.Write(table);
            console.MarkupLine($"Page {result.Page} of {Math.Max(1, (result.Total + result.PageSize - 1) / result.PageSize)} · {result.Total:N0} declaration(s)");
            return 0;
        });

        var id = new Argument<string>("declaration") { Description = "Declaration id or number." };
        var show = new Command("show", "Show a declaration with its items and version history.") { id, JsonOutput };
        show.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var detail = await DeclarationQueries.GetAsync(db, await OperatorPolicyAsync(db, ct), parse.GetValue(id)!, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, detail);
                return 0;
            }
            var d = detail.Declaration;
            var console = CordonCli.Console(parse);
            console.MarkupLine($"[bold]{Markup.Escape(d.Number)}[/] {d.Kind.ToString().ToLowerInvariant()} · office {Markup.Escape(d.Office)} · declarant {Markup.Escape(d.Declarant)} · lodged {d.LodgedOn:yyyy-MM-dd} · version {d.Version}");
            console.MarkupLine($"Importer {Markup.Escape(d.ImporterName ?? "")} {Markup.Escape(d.ImporterCode ?? "")} · origin {d.OriginCountry} · {d.TransportMode} {Markup.Escape(d.Conveyance ?? "")} · {d.PortOfLoading} → {d.PortOfDischarge}");
            if (d.Opaque != OpaqueCodes.None)
            {
                console.MarkupLine($"[yellow]Anonymised (opaque) codes:[/] {d.Opaque}");
            }
            var items = new Table().AddColumns("#", "HS", "Description", "Quantity", "Gross kg", "FOB", "CIF", "Duties", "Taxes");
            foreach (var i in detail.Items)
            {
                items.AddRow(i.Line.ToString(CultureInfo.InvariantCulture), i.HsCode, Markup.Escape(i.Description ?? ""), $"{i.Quantity} {i.Unit}", $"{i.GrossKg}", $"{i.Fob:N2}", $"{i.Cif:N2}", $"{i.Duties:N2}", $"{i.Taxes:N2}");
            }
            console.Write(items);
            var versions = new Table().AddColumns("Version", "Received", "By", "Source", "Content hash");
            foreach (var v in detail.Versions)
            {
                versions.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), v.ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(v.ReceivedBy), Markup.Escape(v.Source), v.ContentHash[..16]);
            }
            console.Write(versions);
            if (detail.Outcome is { } o)
            {
                console.MarkupLine($"Past inspection: {(o.Illicit ? "[red]illicit[/]" : "compliant")}, revenue raised {o.Revenue:N2} {d.Currency}");
            }
            return 0;
        });

        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)." };
        var export = new Command("export", "Export the filtered declarations as CSV in the import layout (streamed).") { from, to, office, importer, declarant, hs, origin, output };
        export.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var filter = Filter(parse);
            if (parse.GetValue(output) is { } file)
            {
                await using var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false), 1 << 16);
                var lines = await DeclarationQueries.ExportCsvAsync(db, await OperatorPolicyAsync(db, ct), filter, writer, ct);
                await Console.Error.WriteLineAsync($"{lines:N0} item line(s) written to {file.FullName}.");
            }
            else
            {
                await DeclarationQueries.ExportCsvAsync(db, await OperatorPolicyAsync(db, ct), filter, parse.InvocationConfiguration.Output, ct);
            }
            return 0;
        });

        var quarantine = new Command("quarantine", "List records rejected at intake that are waiting for correction.") { pageSize, JsonOutput };
        quarantine.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var rows = await Quarantine.ListAsync(db, Actor.LocalOperator, null, 1, parse.GetValue(pageSize), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Id", "Kind", "Source", "Position", "Number", "Errors");
            foreach (var q in rows.Rows)
            {
                table.AddRow(q.Id.ToString(), q.Kind.ToString(), Markup.Escape(q.Source), Markup.Escape(q.Position), Markup.Escape(q.Number ?? ""),
                    Markup.Escape(string.Join("; ", q.Errors.Select(e => $"{(e.Key.Length == 0 ? "record" : e.Key)}: {string.Join(" ", e.Value)}"))));
            }
            var console = CordonCli.Console(parse);
            console.Write(table);
            console.MarkupLine($"{rows.Total:N0} record(s) waiting for correction.");
            return 0;
        });

        var declarations = new Command("declarations", "Find, show and export declarations.");
        declarations.Subcommands.Add(list);
        declarations.Subcommands.Add(show);
        declarations.Subcommands.Add(export);
        declarations.Subcommands.Add(quarantine);
        return declarations;
    }

    /// <summary>`cordon demo generate`: synthetic declarations with outcomes, to a file.</summary>
    public static Command Generate()
    {
        var count = new Option<int>("--declarations") { Description = "How many declarations.", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same file.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "csv, jsonl or research-csv.", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo>("--out") { Description = "File to write.", Required = true };
        var noAmendments = new Option<bool>("--no-amendments") { Description = "Do not repeat about 2 % of declarations later as corrections." };
        var generate = new Command("generate", "Write synthetic declarations with inspection outcomes and planted fraud (see docs/declarations.md).") { count, seed, format, output, noAmendments };
        generate.SetAction((parse, ct) =>
        {
            var fileFormat = DeclarationFiles.ParseFormat(parse.GetValue(format));
            var n = parse.GetValue(count);
            if (n < 1)
            {
                throw Common.ValidationFailed.Field("declarations", "must be at least 1.");
            }
            var file = parse.GetValue(output)!;
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false), 1 << 16);
            var generator = new DeclarationGenerator(n, parse.GetValue(seed), amendments: !parse.GetValue(noAmendments) && fileFormat != FileFormat.ResearchCsv);
            var (written, frauds) = generator.Write(writer, fileFormat);
            parse.InvocationConfiguration.Output.WriteLine(
                $"{written:N0} declarations ({written - n:N0} of them later corrections, {frauds:N0} with planted fraud) written to {file.FullName} in {started.Elapsed.TotalSeconds:0.0} s.");
            return Task.FromResult(0);
        });
        return generate;
    }
}
