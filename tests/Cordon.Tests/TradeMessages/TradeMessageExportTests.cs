using System.Text;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Tests.Declarations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>`cordon export edifact` writes an agency's records as one interchange that `cordon import edifact` reads back as the same records.</summary>
public sealed class TradeMessageExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    private static async Task<(int Accepted, int Amended, int Duplicates, int Rejected)> ImportAsync(TestStore s, string file)
    {
        var run = await Cordon(s, "import", "edifact", file, "--agency", "NCA", "--json");
        Assert.True(run.Exit == 0, run.Err);
        using var json = JsonDocument.Parse(run.Out);
        var r = json.RootElement;
        return (r.GetProperty("accepted").GetInt32(), r.GetProperty("amended").GetInt32(), r.GetProperty("duplicates").GetInt32(), r.GetProperty("rejected").GetInt32());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Declarations_exported_as_CUSDEC_and_imported_again_are_all_duplicates(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var received = Path.Combine(Path.GetTempPath(), $"cusdec-in-{Guid.NewGuid():N}.edi");
        var exported = Path.Combine(Path.GetTempPath(), $"cusdec-out-{Guid.NewGuid():N}.edi");
        try
        {
            // Two by CUSDEC (one of three items), one by JSON with an export's consignee.
            await File.WriteAllTextAsync(received, CusdecSamples.Interchange("IC0701", SenderStyle.Broker,
                new() { Reference = "M1", Number = "24NL0000000000011" }, new() { Reference = "M2", Number = "24NL0000000000012", Items = 3 }), Encoding.Latin1, Ct);
            Assert.Equal((2, 0, 0, 0), await ImportAsync(s, received));
            var export = Samples.Declaration("24NL0000000000013", items: 1);
            export.Kind = "export";
            export.Consignee = new PartyInput { Name = "Rotterdam Forwarding & Logistics", Address = "Waalhaven Oostzijde 1, 3089 JH Rotterdam", Country = "NL" };
            Assert.Equal(IntakeOutcome.Accepted, (await Intake.SubmitDeclarationsAsync(s.Settings, Samples.Context(), [Samples.Candidate(export)], Ct)).Single().Outcome);

            var run = await Cordon(s, "export", "edifact", "--kind", "cusdec", "--agency", "NCA", "--recipient", "PCA", "--out", exported);
            Assert.True(run.Exit == 0, run.Err);
            Assert.Contains("3 record(s) written", run.Err, StringComparison.Ordinal);
            var text = await File.ReadAllTextAsync(exported, Encoding.Latin1, Ct);
            Assert.Matches(@"^UNA:\+\.\? '\s*UNB\+UNOC:\d\+NCA\+PCA\+", text);
            Assert.Equal(3, text.Split("UNH+").Length - 1);

            Assert.Equal((0, 0, 3, 0), await ImportAsync(s, exported));
            await using var db = s.Open();
            Assert.Equal(3, await db.Declarations.CountAsync(Ct));
            Assert.Equal(3, await db.DeclarationVersions.CountAsync(Ct));
        }
        finally
        {
            File.Delete(received);
            File.Delete(exported);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Consignments_exported_as_CUSCAR_to_standard_output_and_imported_again_are_all_duplicates(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var exported = Path.Combine(Path.GetTempPath(), $"cuscar-out-{Guid.NewGuid():N}.edi");
        try
        {
            var second = Samples.Consignment("MAEU555000222");
            second.ExpectedArrival = TestClock.Now.UtcDateTime.Date.AddDays(5).ToString("yyyy-MM-dd'T'09:30:15'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var results = await Intake.SubmitConsignmentsAsync(s.Settings, Samples.Context(), [Samples.Candidate(Samples.Consignment("MAEU555000111")), Samples.Candidate(second, 1)], Ct);
            Assert.All(results, r => Assert.Equal(IntakeOutcome.Accepted, r.Outcome));

            var run = await Cordon(s, "export", "edifact", "--kind", "cuscar", "--agency", "NCA");
            Assert.True(run.Exit == 0, run.Err);
            Assert.Equal(2, run.Out.Split("CNI+").Length - 1);
            Assert.Equal(2, run.Out.Split("UNH+").Length - 1); // one CUSCAR per voyage
            await File.WriteAllTextAsync(exported, run.Out, Encoding.Latin1, Ct);

            Assert.Equal((0, 0, 2, 0), await ImportAsync(s, exported));
            await using var db = s.Open();
            Assert.Equal(2, await db.ConsignmentVersions.CountAsync(Ct));
        }
        finally
        {
            File.Delete(exported);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_unknown_kind_is_refused_naming_the_option(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var run = await Cordon(s, "export", "edifact", "--kind", "paxlst");
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("--kind", run.Err, StringComparison.Ordinal);
        Assert.Contains("'paxlst' is not a message Cordon writes", run.Err, StringComparison.Ordinal);
    }
}
