using System.Text;
using Cordon.Declarations;
using Cordon.Tests.Declarations;
using Cordon.Tests.Support;
using Cordon.TradeMessages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>Cordon writes stored declarations as CUSDEC and consignments as CUSCAR, and reading what it wrote gives back the same records.</summary>
public sealed class RoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TradeMessageReceipt> ReceiveTextAsync(TestStore s, string text)
    {
        await using var db = s.Open();
        await using var stream = new MemoryStream(Encoding.Latin1.GetBytes(text));
        return await TradeMessageIntake.ReceiveAsync(stream, db, TradeMessageIntake.Through(s.Settings), Samples.Context("edifact:round-trip"), TestClock.Real, null, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Declarations_written_as_CUSDEC_and_read_into_another_store_are_the_same_records(string kind)
    {
        await using var from = await TradeMessageIntakeTests.StoreAsync(kind);
        await using var to = await TradeMessageIntakeTests.StoreAsync(kind);
        // One that came by CUSDEC, one by JSON with a long description, a duty of zero and an export.
        await TradeMessageIntakeTests.ReceiveAsync(from, CusdecSamples.Interchange("IC0501", SenderStyle.Broker, new() { Reference = "M1", Number = "24NL0000000000001", Items = 3 }),
            SenderStyle.Broker);
        var json = Samples.Declaration("24NL0000000000002", items: 4);
        json.Items![1].Description = string.Join(' ', Enumerable.Repeat("Portable automatic data processing machines, weighing not more than 10 kg", 5));
        var export = Samples.Declaration("24NL0000000000003", items: 1);
        export.Kind = "export";
        export.Consignee = new PartyInput { Name = "Rotterdam Forwarding & Logistics", Address = "Waalhaven Oostzijde 1, 3089 JH Rotterdam", Country = "NL" };
        var results = await Intake.SubmitDeclarationsAsync(from.Settings, Samples.Context(), [Samples.Candidate(json), Samples.Candidate(export, 1)], Ct);
        Assert.All(results, r => Assert.Equal(IntakeOutcome.Accepted, r.Outcome));

        List<Declaration> stored;
        await using (var db = from.Open())
        {
            stored = await db.Declarations.AsNoTracking().Include(d => d.Items).OrderBy(d => d.Number).ToListAsync(Ct);
        }
        var text = TradeMessageWriter.Cusdec(stored, "NCA", "PCA", "RT0001", TestClock.Fixed);
        var receipt = await ReceiveTextAsync(to, text);

        Assert.True(receipt.Accepted == 3, string.Join("\n", receipt.Messages.SelectMany(m => m.Errors)));
        await using (var db = to.Open())
        {
            var read = await db.Declarations.AsNoTracking().Include(d => d.Items).OrderBy(d => d.Number).ToListAsync(Ct);
            // The intake's content hash is over every field of the record as validated: equal hashes, equal records.
            Assert.Equal(stored.Select(d => Convert.ToHexString(d.ContentHash)), read.Select(d => Convert.ToHexString(d.ContentHash)));
            Assert.Equal(stored.Select(Fields), read.Select(Fields));
        }
        // And the same interchange back into the store it came from is nothing new.
        var again = await ReceiveTextAsync(from, text);
        Assert.Equal((0, 3), (again.Accepted, again.Duplicates));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Consignments_written_as_CUSCAR_and_read_into_another_store_are_the_same_records(string kind)
    {
        await using var from = await TradeMessageIntakeTests.StoreAsync(kind);
        await using var to = await TradeMessageIntakeTests.StoreAsync(kind);
        await TradeMessageIntakeTests.ReceiveAsync(from, CuscarSamples.Interchange("IC0601", SenderStyle.Broker, CuscarSamples.Bills()), SenderStyle.Broker);
        // By JSON: a route through a country of transhipment, two containers, an arrival with seconds, another voyage.
        var json = Samples.Consignment("MAEU555000111");
        json.ExpectedArrival = TestClock.Now.UtcDateTime.Date.AddDays(5).ToString("yyyy-MM-dd'T'09:30:15'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var results = await Intake.SubmitConsignmentsAsync(from.Settings, Samples.Context(), [Samples.Candidate(json)], Ct);
        Assert.Equal(IntakeOutcome.Accepted, results.Single().Outcome);

        List<PreArrivalConsignment> stored;
        await using (var db = from.Open())
        {
            stored = await db.Consignments.AsNoTracking().Include(c => c.Containers).OrderBy(c => c.Reference).ToListAsync(Ct);
        }
        var text = TradeMessageWriter.Cuscar(stored, "NCA", "PCA", "RT0002", TestClock.Fixed);
        var receipt = await ReceiveTextAsync(to, text);

        Assert.True(receipt.Accepted == 4, string.Join("\n", receipt.Messages.SelectMany(m => m.Errors)));
        Assert.Equal(2, receipt.Messages.Select(m => m.Number).Distinct().Count()); // one CUSCAR per voyage
        await using (var db = to.Open())
        {
            var read = await db.Consignments.AsNoTracking().Include(c => c.Containers).OrderBy(c => c.Reference).ToListAsync(Ct);
            Assert.Equal(stored.Select(Fields), read.Select(Fields));
            // Party ids, the notify party, the ports and the seals are kept and written: the content hashes are equal too.
            Assert.Equal(stored.Select(c => Convert.ToHexString(c.ContentHash)), read.Select(c => Convert.ToHexString(c.ContentHash)));
            Assert.Equal("NL987654321 | Rotterdam Forwarding | CNSHA NLRTM | SL000001",
                read.Single(c => c.Reference == "MAEU123456781") is var r ? $"{r.ConsigneeCode} | {r.NotifyName} | {r.PortOfLoading} {r.PortOfDischarge} | {r.Containers.Single().Seals}" : "");
            Assert.Equal("CN SG NL", read.Single(c => c.Reference == "MAEU555000111").Route);
        }
    }

    private static string Fields(Declaration d) => string.Join(" | ", new object?[]
    {
        d.Kind, d.Number, d.Declarant, d.Office, d.LodgedOn, d.TransportMode, d.Conveyance, d.ImporterCode, d.ImporterName, d.ImporterAddress, d.ImporterCountry,
        d.ExporterCode, d.ExporterName, d.ExporterAddress, d.ExporterCountry, d.ConsigneeName, d.ConsigneeAddress, d.ConsigneeCountry, d.OriginCountry,
        d.ExportCountry, d.DestinationCountry, d.PortOfLoading, d.PortOfDischarge, d.Currency, d.TotalFob, d.TotalCif, d.TotalDutiesAndTaxes, d.ItemCount,
    }.Concat(d.Items.OrderBy(i => i.Line).Select(i => $"{i.Line} {i.HsCode} {i.Description} {i.Quantity} {i.Unit} {i.GrossKg} {i.NetKg} {i.Fob} {i.Cif} {i.Duties} {i.Taxes}")));

    private static string Fields(PreArrivalConsignment c) => string.Join(" | ", new object?[]
    {
        c.Office, c.Filer, c.Reference, c.ConsignorCode, c.ConsignorName, c.ConsignorAddress, c.ConsignorCountry, c.ConsigneeCode, c.ConsigneeName, c.ConsigneeAddress,
        c.ConsigneeCountry, c.NotifyCode, c.NotifyName, c.NotifyAddress, c.NotifyCountry, c.PortOfLoading, c.PortOfDischarge,
        c.GoodsDescription, c.HsCode, c.GrossKg, c.Packages, c.TransportMode, c.Conveyance, c.Route, c.ExpectedArrival.ToUnixTimeSeconds(), c.ContainerCount,
        string.Join(' ', c.Containers.OrderBy(x => x.Seq).Select(x => $"{x.ContainerNumber}:{x.Seals}")),
    });
}
