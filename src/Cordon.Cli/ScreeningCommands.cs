using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using Cordon.Sharing;
using CsvHelper;
using CsvHelper.Configuration;
using Spectre.Console;

namespace Cordon.Cli;

internal static class ScreeningCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>Names keep their apostrophes readable ("AL-NU'AYMI", not "AL-NU\u0027AYMI").</summary>
    private static readonly JsonSerializerOptions HitsJson = new(CordonCli.Json) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Progress goes to stderr, so that --json output on stdout stays clean.</summary>
    private static IAnsiConsole Progress(ParseResult parse)
        => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Error) });

    public static Command Lists()
    {
        var path = new Argument<string>("path") { Description = "The list file (for ofac-csv: the folder holding sdn.csv, alt.csv, add.csv)." };
        var format = new Option<string>("--format") { Description = "ofac-csv, un-xml, ftm or csv.", Required = true };
        var name = new Option<string>("--name") { Description = "The list's name in Cordon, e.g. \"OFAC SDN\".", Required = true };
        var agency = new Option<string?>("--agency") { Description = "Owning agency code (default: the only agency)." };
        var marking = new Option<string?>("--marking") { Description = "TLP marking: clear (default for public sanctions lists), green, amber, amber-strict, red." };
        var import = new Command("import", "Import an edition of a list; a newer edition applies a delta and records a new version.") { path, format, name, agency, marking, JsonOutput };
        import.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var request = new ListImportRequest(parse.GetValue(path)!, parse.GetValue(format)!, parse.GetValue(name)!, parse.GetValue(agency), ParseMarking(parse.GetValue(marking)));
            ListImportResult result;
            if (parse.GetValue(JsonOutput))
            {
                result = await ListImport.ImportAsync(db, Actor.LocalOperator, request, null, ct);
                CordonCli.WriteJson(parse, result);
                return 0;
            }
            result = await Progress(parse).Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Reading", maxValue: 1).IsIndeterminate();
                var progress = new Progress<ListImportProgress>(p =>
                {
                    task.Description = p.Stage;
                    if (p.Total > 0)
                    {
                        task.IsIndeterminate(false);
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }
                    else
                    {
                        task.Description = $"{p.Stage} ({p.Done:N0} entries)";
                    }
                });
                var r = await ListImport.ImportAsync(db, Actor.LocalOperator, request, progress, ct);
                task.Value = task.MaxValue;
                return r;
            });
            parse.InvocationConfiguration.Output.WriteLine(result.Unchanged
                ? $"{result.List}: this edition is already version {result.Version} ({result.Entries:N0} entries); nothing changed."
                : $"{result.List}: version {result.Version} ({result.Edition}): {result.Entries:N0} entries; {result.Added:N0} added, {result.Changed:N0} changed, {result.Removed:N0} removed.");
            if (!result.Unchanged)
            {
                parse.InvocationConfiguration.Output.WriteLine("Stored parties will be re-screened against the changes: a running server does it as a job, or run `cordon screening run`.");
            }
            return 0;
        });

        var list = new Command("list", "List the watch lists with their versions.") { JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var lists = await ListCatalogue.ListAsync(db, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, lists);
                return 0;
            }
            var table = new Table().AddColumns("List", "Format", "Version", "Entries", "Owner", "Marking", "Review ≥", "Block ≥", "Last import");
            foreach (var l in lists)
            {
                table.AddRow(Markup.Escape(l.Name), l.Format, l.ActiveVersion?.ToString(CultureInfo.InvariantCulture) ?? "-", l.ActiveEntries.ToString("N0", CultureInfo.InvariantCulture),
                    l.Owner, l.Marking, l.ReviewThreshold.ToString("0.00", CultureInfo.InvariantCulture), l.BlockThreshold.ToString("0.00", CultureInfo.InvariantCulture),
                    l.LastImportedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var historyName = new Argument<string>("name") { Description = "The list's name." };
        var history = new Command("history", "A list's versions and what each changed.") { historyName, JsonOutput };
        history.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var h = await ListCatalogue.HistoryAsync(db, parse.GetValue(historyName)!, 200, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, h);
                return 0;
            }
            var table = new Table().AddColumns("Version", "Edition", "Imported", "By", "Entries", "Added", "Changed", "Removed");
            foreach (var v in h.Versions)
            {
                table.AddRow(v.Number.ToString(CultureInfo.InvariantCulture), Markup.Escape(v.Edition), v.ImportedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(v.ImportedBy), v.Entries.ToString("N0", CultureInfo.InvariantCulture), v.Added.ToString("N0", CultureInfo.InvariantCulture),
                    v.Changed.ToString("N0", CultureInfo.InvariantCulture), v.Removed.ToString("N0", CultureInfo.InvariantCulture));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var block = new Option<double>("--block") { Description = "Score from which a hit blocks.", Required = true };
        var review = new Option<double>("--review") { Description = "Score from which a hit needs review.", Required = true };
        var thresholdsName = new Argument<string>("name") { Description = "The list's name." };
        var thresholds = new Command("thresholds", "Set a list's band thresholds.") { thresholdsName, block, review };
        thresholds.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var l = await ListCatalogue.SetThresholdsAsync(db, Actor.LocalOperator, parse.GetValue(thresholdsName)!, parse.GetValue(block), parse.GetValue(review), ct);
            parse.InvocationConfiguration.Output.WriteLine($"{l.Name}: review from {l.ReviewThreshold:0.00}, block from {l.BlockThreshold:0.00}.");
            return 0;
        });

        var lists = new Command("lists", "Watch lists: import editions, versions, thresholds.");
        lists.Subcommands.Add(import);
        lists.Subcommands.Add(list);
        lists.Subcommands.Add(history);
        lists.Subcommands.Add(thresholds);
        return lists;
    }

    private static Tlp? ParseMarking(string? text)
        => string.IsNullOrWhiteSpace(text) ? null
            : TlpText.TryParse(text, out var marking) ? marking
            : throw ValidationFailed.Field("marking", $"'{text}' is not a TLP marking (clear, green, amber, amber-strict, red).");

    /// <summary>The hit as `cordon screen --json` prints it.</summary>
    internal sealed record HitJson(Guid EntityId, string List, string Name, string MatchedName, double Score, string Band, IReadOnlyList<MatchFeature> Explanation);

    internal static HitJson ToJson(ScreeningHit h) => new(h.EntityId, h.List, h.Name, h.MatchedName, h.Score, h.Band.Name(), h.Explanation);

    public static Command Screen()
    {
        var name = new Argument<string?>("name") { Description = "The name to screen.", Arity = ArgumentArity.ZeroOrOne };
        var dob = new Option<string?>("--dob") { Description = "Date of birth: yyyy, yyyy-MM or yyyy-MM-dd." };
        var country = new Option<string?>("--country") { Description = "Country (ISO 3166 code or name): nationality, residence, flag." };
        var type = new Option<string?>("--type") { Description = "person, organisation, vessel or aircraft." };
        var limit = new Option<int>("--limit") { Description = "Most hits to show.", DefaultValueFactory = _ => 10 };
        var file = new Option<string?>("--file") { Description = "CSV of queries with header id,name,dob,country,type (only id and name required)." };
        var output = new Option<string?>("--out") { Description = "With --file: where to write one JSON line per query." };
        var screen = new Command("screen", "Screen a name (or a file of names) against the watch lists in force.") { name, dob, country, type, limit, file, output, JsonOutput };
        screen.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var service = new ScreeningService();
            if (parse.GetValue(file) is { } queries)
            {
                var target = parse.GetValue(output) ?? throw ValidationFailed.Field("out", "--file needs --out RESULTS.jsonl.");
                return await ScreenFileAsync(parse, db, service, queries, target, parse.GetValue(limit), ct);
            }
            var text = parse.GetValue(name) ?? throw ValidationFailed.Field("name", "Give a NAME to screen, or --file QUERIES.csv --out RESULTS.jsonl.");
            var query = Query(text, parse.GetValue(dob), parse.GetValue(country), parse.GetValue(type), parse.GetValue(limit), "");
            var index = await service.IndexAsync(db, ct);
            ScreeningService.Validate(query, "");
            var hits = index.Search(query);
            if (parse.GetValue(JsonOutput))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { hits = hits.Select(ToJson) }, HitsJson));
                return 0;
            }
            var console = CordonCli.Console(parse);
            if (index.ListVersions.Count == 0)
            {
                console.WriteLine("No watch list is loaded: import one with `cordon lists import`.");
                return 0;
            }
            console.WriteLine($"Screened against {string.Join(", ", index.ListVersions.Select(kv => $"{kv.Key} v{kv.Value}"))}: {hits.Count} hit(s).");
            foreach (var h in hits)
            {
                var colour = h.Band switch { MatchBand.Block => "red", MatchBand.Review => "yellow", _ => "grey" };
                console.MarkupLine($"[{colour}]{h.Band.Name(),-6}[/] {h.Score:0.000}  {Markup.Escape(h.Name)} ({Markup.Escape(h.List)} v{h.ListVersion}, {Markup.Escape(h.SourceId)}, {h.Type.ToString().ToLowerInvariant()})"
                                    + (h.MatchedName != h.Name ? $" via [italic]{Markup.Escape(h.MatchedName)}[/]" : ""));
                foreach (var f in h.Explanation)
                {
                    console.MarkupLine($"         [grey]{f.Feature,-10} {f.Effect,7:+0.000;-0.000; 0.000}[/]  {Markup.Escape(f.Detail)}");
                }
            }
            return 0;
        });
        return screen;
    }

    internal static ScreeningQuery Query(string name, string? dob, string? country, string? type, int limit, string prefix)
        => ScreeningEndpoints.ToQuery(new ScreeningRequest(name, dob, country, type, limit), prefix);

    private static async Task<int> ScreenFileAsync(ParseResult parse, Storage.CordonDb db, ScreeningService service, string path, string target, int limit, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw ValidationFailed.Field("file", $"'{path}' is not a file.");
        }
        var rows = new List<(long Line, string Id, string Name, string? Dob, string? Country, string? Type)>();
        using (var reader = new StreamReader(path))
        using (var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null, PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant() }))
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header || !header.Contains("id") || !header.Contains("name"))
            {
                throw ValidationFailed.Field($"{Path.GetFileName(path)} line 1", "the header needs id and name (optional: dob, country, type).");
            }
            while (csv.Read())
            {
                rows.Add((csv.Parser.RawRow, csv.GetField("id")?.Trim() ?? "", csv.GetField("name") ?? "", csv.GetField("dob"), csv.GetField("country"), csv.GetField("type")));
            }
        }
        var index = await service.IndexAsync(db, ct);
        var refused = 0;
        await using (var writer = new StreamWriter(target, false, new System.Text.UTF8Encoding(false)))
        {
            await Progress(parse).Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Screening", maxValue: Math.Max(1, rows.Count));
                foreach (var row in rows)
                {
                    ct.ThrowIfCancellationRequested();
                    string line;
                    try
                    {
                        if (row.Id.Length == 0)
                        {
                            throw ValidationFailed.Field("id", "is empty.");
                        }
                        var hits = index.Search(Query(row.Name, row.Dob, row.Country, row.Type, limit, ""));
                        line = JsonSerializer.Serialize(new { id = row.Id, hits = hits.Select(ToJson) }, HitsJson);
                    }
                    catch (ValidationFailed e)
                    {
                        // One bad row is reported and skipped; the rest of the file is still screened.
                        refused++;
                        var message = $"{Path.GetFileName(path)} line {row.Line}: {e.Message}";
                        await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {message}");
                        line = JsonSerializer.Serialize(new { id = row.Id, hits = Array.Empty<HitJson>(), error = message }, HitsJson);
                    }
                    await writer.WriteLineAsync(line);
                    task.Increment(1);
                }
            });
        }
        parse.InvocationConfiguration.Output.WriteLine($"{rows.Count - refused:N0} of {rows.Count:N0} queries screened against {string.Join(", ", index.ListVersions.Select(kv => $"{kv.Key} v{kv.Value}"))}; results in {target}."
                                                       + (refused > 0 ? $" {refused} refused (see errors)." : ""));
        return refused > 0 ? 2 : 0;
    }
}
