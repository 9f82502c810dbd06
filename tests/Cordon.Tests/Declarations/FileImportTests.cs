using System.Text;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Demo;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Declarations;

public sealed class FileImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Header => string.Join(',', DeclarationFiles.CsvColumns);

    /// <summary>A CSV line of the Cordon layout for one item; <paramref name="change"/> edits columns by name.</summary>
    private static string Line(string number, int item = 0, Action<Dictionary<string, string>>? change = null)
    {
        var v = new Dictionary<string, string>
        {
            ["office"] = "NL000396", ["declarant"] = "NL123456789", ["number"] = number, ["kind"] = "import", ["lodged_on"] = "2025-03-14",
            ["transport_mode"] = "sea", ["conveyance"] = "IMO9074729", ["importer_id"] = "NL987654321", ["importer_name"] = "Holland Trading B.V.",
            ["importer_address"] = "\"Havenstraat 1, Rotterdam\"", ["importer_country"] = "NL", ["exporter_id"] = "", ["exporter_name"] = "Bright Electronics",
            ["exporter_address"] = "", ["exporter_country"] = "CN", ["consignee_id"] = "", ["consignee_name"] = "", ["consignee_address"] = "", ["consignee_country"] = "",
            ["origin_country"] = "CN", ["export_country"] = "CN", ["destination_country"] = "NL", ["port_of_loading"] = "CNSZX", ["port_of_discharge"] = "NLRTM",
            ["currency"] = "EUR", ["total_fob"] = "", ["total_cif"] = "", ["marking"] = "",
            ["item_hs_code"] = item % 2 == 0 ? "8517130000" : "84713000", ["item_description"] = "\"Phones, \"\"smart\"\"\"", ["item_quantity"] = "10", ["item_unit"] = "u",
            ["item_gross_kg"] = "25", ["item_net_kg"] = "20", ["item_fob"] = "1000", ["item_cif"] = "1100", ["item_duties"] = "0", ["item_taxes"] = "231",
            ["illicit"] = "", ["revenue"] = "",
        };
        change?.Invoke(v);
        return string.Join(',', DeclarationFiles.CsvColumns.Select(c => v[c]));
    }

    /// <summary>
    /// The malformed corpus: every kind of damage a real file shows, each on its own declaration, between
    /// good declarations. Expected: the good ones stored, each bad one rejected with a precise reason.
    /// </summary>
    internal static (byte[] File, string[] Good, (string Number, string Field, string Message)[] Bad) MalformedCorpus()
    {
        var text = new StringBuilder();
        text.Append('\uFEFF').Append(Header).Append("\r\n");                                         // byte order mark, CRLF
        text.Append(Line("GOOD-A", 0)).Append('\n').Append(Line("GOOD-A", 1)).Append('\n');
        text.Append(Line("BAD-QUOTE", 0, v => v["item_description"] = "\"Phones, smart")).Append('\n');
        text.Append(Line("GOOD-B")).Append('\n');
        text.Append(Line("BAD-ENCODING", 0, v => v["importer_name"] = "Caf@ Import")).Append('\n');   // @ becomes a Latin-1 byte below
        text.Append(string.Join(',', Line("BAD-MISSING").Split(',').SkipLast(3))).Append('\n');
        text.Append(Line("BAD-EXTRA")).Append(",surplus").Append('\n');
        text.Append(Line("BAD-HUGE-FIELD", 0, v => v["item_description"] = new string('x', 100_000))).Append('\n');
        text.Append(Line("BAD-HUGE-LINE", 0, v => v["item_description"] = new string('y', 2_000_000))).Append('\n');
        text.Append(Line("BAD-NEGATIVE", 0, v => v["item_quantity"] = "-5")).Append('\n');
        text.Append(Line("BAD-NUMBER", 0, v => v["item_fob"] = "\"1.000,50\"")).Append('\n');
        text.Append(Line("BAD-HS", 0, v => v["item_hs_code"] = "8517990000")).Append('\n');
        text.Append(Line("BAD-IMO", 0, v => v["conveyance"] = "IMO9074728")).Append('\n');
        text.Append(Line("BAD-STRAY-QUOTE", 0, v => v["importer_name"] = "Holland \"Trading\"")).Append('\n');
        text.Append(Line("BAD-SECOND-LINE", 0)).Append('\n').Append(Line("BAD-SECOND-LINE", 1, v => v["item_cif"] = "\"1100")).Append('\n');
        text.Append(Line("GOOD-C")).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString()).ToList();
        // Wrong encoding: the '@' of "Caf@" becomes 0xE9, é in Latin-1, which is not valid UTF-8.
        var at = bytes.IndexOf((byte)'@');
        bytes[at] = 0xE9;
        return (bytes.ToArray(), ["GOOD-A", "GOOD-B", "GOOD-C"],
        [
            ("BAD-QUOTE", "", "opens a quote that is never closed"),
            ("BAD-ENCODING", "", "not valid UTF-8"),
            ("BAD-MISSING", "", "the line has 37 fields; the header has 40"),
            ("BAD-EXTRA", "", "the line has 41 fields; the header has 40"),
            ("BAD-HUGE-FIELD", "items[0].description", "is 100,000 characters long: at most 512"),
            ("BAD-HUGE-LINE", "", "longer than 1,048,576 characters"),
            ("BAD-NEGATIVE", "items[0].quantity", "-5 is not a quantity"),
            ("BAD-NUMBER", "items[0].fob", "'1.000,50' is not a number"),
            ("BAD-HS", "items[0].hsCode", "851799 is not an HS 2022 subheading"),
            ("BAD-IMO", "conveyance", "IMO number 9074728 fails its check digit"),
            ("BAD-STRAY-QUOTE", "", "quote inside an unquoted value"),
            ("BAD-SECOND-LINE", "items[1]", "opens a quote that is never closed"),
        ]);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_malformed_file_stores_every_good_declaration_and_rejects_each_bad_one_precisely(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var (file, good, bad) = MalformedCorpus();
        var result = await FileImport.DeclarationsAsync(new MemoryStream(file), FileFormat.Csv, s.Settings, Samples.Context("corpus.csv"), null, Ct);
        Assert.True(result.Completed);
        Assert.Equal(good.Length, result.Summary.Accepted);
        Assert.Equal(bad.Length, result.Summary.Rejected);

        // Lines that cannot be read report no number unless the key could still be read; match by message then.
        foreach (var (number, field, message) in bad)
        {
            var reject = result.FirstRejects.SingleOrDefault(r => r.Number == number)
                         ?? result.FirstRejects.Single(r => r.Errors!.Values.SelectMany(m => m).Any(m => m.Contains(message, StringComparison.Ordinal)));
            Assert.True(reject.Errors!.TryGetValue(field, out var messages), $"{number}: no error at '{field}', only at {string.Join(", ", reject.Errors.Keys)}");
            Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
        }

        await using var db = s.Open();
        Assert.Equal(good, await db.Declarations.OrderBy(d => d.Number).Select(d => d.Number).ToListAsync(Ct));
        Assert.Equal(2, await db.DeclarationItems.CountAsync(i => db.Declarations.Any(d => d.Id == i.DeclarationId && d.Number == "GOOD-A"), Ct));
        Assert.Equal("Phones, \"smart\"", (await db.DeclarationItems.FirstAsync(Ct)).Description);
        Assert.Equal(bad.Length, await db.QuarantinedRecords.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_import_stopped_midway_keeps_what_it_acknowledged_and_a_rerun_creates_no_duplicates(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var path = Path.Combine(Path.GetTempPath(), $"cordon-crash-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(path))
            {
                new DeclarationGenerator(3000, seed: 5, amendments: false).Write(writer, FileFormat.Csv);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var batches = 0;
            ImportResult first;
            await using (var stream = File.OpenRead(path))
            {
                first = await FileImport.DeclarationsAsync(stream, FileFormat.Csv, s.Settings, Samples.Context("crash.csv"), p =>
                {
                    // Abort as a crash would: right after the second batch committed.
                    if (++batches == 2)
                    {
                        stop.Cancel();
                    }
                }, stop.Token, batchSize: 500, commitEvery: TimeSpan.Zero);
            }
            Assert.False(first.Completed);
            Assert.Equal(1000, first.Summary.Accepted);
            await using (var db = s.Open())
            {
                Assert.Equal(1000, await db.Declarations.CountAsync(Ct));
            }

            ImportResult again;
            await using (var stream = File.OpenRead(path))
            {
                again = await FileImport.DeclarationsAsync(stream, FileFormat.Csv, s.Settings, Samples.Context("crash.csv"), null, Ct, batchSize: 500);
            }
            Assert.True(again.Completed);
            Assert.Equal(2000, again.Summary.Accepted);
            Assert.Equal(1000, again.Summary.Duplicates);
            Assert.Equal(0, again.Summary.Amended + again.Summary.Rejected);
            await using (var db = s.Open())
            {
                Assert.Equal(3000, await db.Declarations.CountAsync(Ct));
                Assert.Equal(3000, await db.InspectionOutcomes.CountAsync(Ct));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Batches_waiting_for_their_commit_when_an_import_stops_are_neither_stored_nor_counted(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var path = Path.Combine(Path.GetTempPath(), $"cordon-stop-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(path))
            {
                new DeclarationGenerator(3000, seed: 6, amendments: false).Write(writer, FileFormat.Csv);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            ImportResult first;
            // Stop once two thirds of the file are read, long before the hour after which this import
            // would commit where batches share a transaction (SQLite); PostgreSQL commits every batch.
            await using (var stream = new StopAfter(File.OpenRead(path), new FileInfo(path).Length * 2 / 3, stop))
            {
                first = await FileImport.DeclarationsAsync(stream, FileFormat.Csv, s.Settings, Samples.Context("stop.csv"), null, stop.Token,
                    batchSize: 250, commitEvery: TimeSpan.FromHours(1));
            }
            Assert.False(first.Completed);
            Assert.True(first.Summary.Total < 3000);
            await using (var db = s.Open())
            {
                // Exactly what was acknowledged is stored: not one record of the open transaction.
                Assert.Equal(first.Summary.Accepted, await db.Declarations.CountAsync(Ct));
                Assert.Equal(first.Summary.Accepted, await db.DeclarationVersions.CountAsync(Ct));
            }
            if (store == "sqlite")
            {
                Assert.Equal(0, first.Summary.Total);
            }

            ImportResult again;
            await using (var stream = File.OpenRead(path))
            {
                again = await FileImport.DeclarationsAsync(stream, FileFormat.Csv, s.Settings, Samples.Context("stop.csv"), null, Ct);
            }
            Assert.True(again.Completed);
            Assert.Equal(3000 - first.Summary.Accepted, again.Summary.Accepted);
            Assert.Equal(first.Summary.Accepted, again.Summary.Duplicates);
            await using (var db = s.Open())
            {
                Assert.Equal(3000, await db.Declarations.CountAsync(Ct));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A file that stops the import once a given number of bytes has been read from it.</summary>
    private sealed class StopAfter(Stream inner, long bytes, CancellationTokenSource stop) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read >= bytes)
            {
                stop.Cancel();
            }
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_plants_fraud_with_revenue()
    {
        string Make(int seed)
        {
            using var w = new StringWriter();
            new DeclarationGenerator(2000, seed).Write(w, FileFormat.Jsonl);
            return w.ToString();
        }
        var a = Make(11);
        Assert.Equal(a, Make(11));
        Assert.NotEqual(a, Make(12));
        var generated = new DeclarationGenerator(5000, 3, amendments: false).Generate().ToList();
        var frauds = generated.Where(g => g.FraudKind != "none").ToList();
        Assert.InRange(frauds.Count, 50, 1000);
        Assert.All(frauds, f => Assert.True(f.Declaration.Outcome!.Illicit && f.Declaration.Outcome.Revenue > 0, f.FraudKind));
        Assert.Equal(["concealment", "misclassification", "origin", "undervaluation"], frauds.Select(f => f.FraudKind).Distinct().Order());
        Assert.All(generated.Where(g => g.FraudKind == "none"), g => Assert.Equal(0m, g.Declaration.Outcome!.Revenue));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_research_layout_imports_with_opaque_codes_and_historical_outcomes(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var csv = string.Join('\n',
            string.Join(',', DeclarationFiles.ResearchColumns),
            "SGD1,13-01-02,IMP826164,DEC88,CNTRY680,OFFICE92,8703231000,1,1200,9000,9500,1800,1,2300.5",
            "SGD2,13-01-03,IMP826164,DEC88,CNTRY680,OFFICE92,103100000,20,500,800,850,60,0,0",
            "SGD2,13-01-03,IMP826164,DEC88,CNTRY680,OFFICE92,8517130000,5,2,900,950,190,0,0",
            "SGD3,13-01-03,IMP1,DEC88,CNTRY680,OFFICE92,8517990000,5,2,900,950,190,0,0");
        var result = await FileImport.DeclarationsAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), FileFormat.ResearchCsv, s.Settings, Samples.Context("research.csv"), null, Ct);
        Assert.Equal(2, result.Summary.Accepted);
        Assert.Equal(1, result.Summary.Rejected);
        await using var db = s.Open();
        var first = await db.Declarations.SingleAsync(d => d.Number == "SGD1", Ct);
        Assert.Equal(new DateOnly(2013, 1, 2), first.LodgedOn);
        Assert.Equal(OpaqueCodes.Office | OpaqueCodes.Declarant | OpaqueCodes.Importer | OpaqueCodes.OriginCountry, first.Opaque);
        var outcome = await db.InspectionOutcomes.SingleAsync(o => o.DeclarationId == first.Id, Ct);
        Assert.True(outcome.Illicit);
        Assert.Equal(2300.5m, outcome.Revenue);
        var second = await db.Declarations.Include(d => d.Items).SingleAsync(d => d.Number == "SGD2", Ct);
        Assert.Equal(["0103100000", "8517130000"], second.Items.OrderBy(i => i.Line).Select(i => i.HsCode));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_cli_imports_and_prints_exactly_the_json_summary_and_exports_what_it_stored(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var path = Path.Combine(Path.GetTempPath(), $"cordon-cli-{Guid.NewGuid():N}.csv");
        var export = path + ".export.csv";
        try
        {
            Assert.Equal(0, (await Cli(s, "demo", "seed")).Exit);
            var generated = await Cli(s, "demo", "generate", "--declarations", "300", "--seed", "9", "--format", "csv", "--out", path);
            Assert.Equal(0, generated.Exit);
            var run = await Cli(s, "import", "declarations", path, "--format", "csv", "--json");
            Assert.Equal(0, run.Exit);
            var json = run.Out.Trim();
            Assert.Matches("""^\{"accepted":\d+,"rejected":0,"duplicates":0,"amended":\d+,"seconds":[0-9.]+\}$""", json);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(300, doc.RootElement.GetProperty("accepted").GetInt32());

            var rerun = await Cli(s, "import", "declarations", path, "--json");
            using var again = JsonDocument.Parse(rerun.Out);
            Assert.Equal(0, again.RootElement.GetProperty("accepted").GetInt32());
            Assert.Equal(0, again.RootElement.GetProperty("amended").GetInt32());

            Assert.Equal(0, (await Cli(s, "declarations", "export", "--out", export)).Exit);
            var reimport = await Cli(s, "import", "declarations", export, "--json");
            using var back = JsonDocument.Parse(reimport.Out);
            // The export is the current version of each declaration in the import layout: all duplicates.
            Assert.Equal(300, back.RootElement.GetProperty("duplicates").GetInt32());

            // Without --json an officer reads the same counts in a table after the progress bar.
            var table = await Cli(s, "import", "declarations", export);
            Assert.Equal(0, table.Exit);
            Assert.Matches(@"Duplicates[\s\S]*\b300\b", table.Out);

            var list = await Cli(s, "declarations", "list", "--hs", "85", "--page-size", "5", "--json");
            using var page = JsonDocument.Parse(list.Out);
            Assert.True(page.RootElement.GetProperty("total").GetInt32() > 0);
            var number = page.RootElement.GetProperty("rows")[0].GetProperty("number").GetString()!;
            var show = await Cli(s, "declarations", "show", number, "--json");
            Assert.Equal(0, show.Exit);
            Assert.Contains("\"versions\"", show.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
            File.Delete(export);
        }
    }

    private static Task<(int Exit, string Out, string Err)> Cli(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);
}
