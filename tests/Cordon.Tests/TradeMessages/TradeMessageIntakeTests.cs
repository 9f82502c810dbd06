using Cordon.Edifact;
using Cordon.Identity;
using Cordon.Tests.Declarations;
using Cordon.Tests.Support;
using Cordon.TradeMessages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>CUSDEC interchanges through the one declaration intake, and the CONTRL and CUSRES answers in the sender's outbox.</summary>
public sealed class TradeMessageIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string First = "24NL0000000000001";
    private const string Second = "24NL0000000000002";
    private const string Third = "24NL0000000000003";

    internal static async Task<TestStore> StoreAsync(string kind)
    {
        var s = await TestStore.CreateAsync(kind);
        await using var db = s.Open();
        db.Agencies.Add(new Agency { Id = Samples.Agency, Code = "NCA", Name = "National Customs Administration", Kind = AgencyKind.Customs, Country = "NL" });
        await db.SaveChangesAsync(Ct);
        return s;
    }

    internal static async Task<TradeMessageReceipt> ReceiveAsync(TestStore s, string text, SenderStyle style)
    {
        await using var db = s.Open();
        await using var stream = CusdecSamples.Stream(text, style);
        return await TradeMessageIntake.ReceiveAsync(stream, db, TradeMessageIntake.Through(s.Settings), Samples.Context("edifact:test"), TestClock.Real, null, Ct);
    }

    internal static async Task<List<OutboxMessage>> OutboxAsync(TestStore s)
    {
        await using var db = s.Open();
        return await db.TradeMessageOutbox.Where(m => m.OwningAgencyId == Samples.Agency).OrderBy(m => m.Sequence).ToListAsync(Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Interchanges_in_two_senders_styles_land_as_the_declarations_they_carry_and_each_sender_gets_a_CONTRL_then_a_CUSRES_per_message(string kind)
    {
        await using var s = await StoreAsync(kind);
        var broker = await ReceiveAsync(s, CusdecSamples.Interchange("IC0001", SenderStyle.Broker,
            new() { Reference = "M1", Number = First }, new() { Reference = "M2", Number = Second, Items = 3 }), SenderStyle.Broker);
        var mainframe = await ReceiveAsync(s, CusdecSamples.Interchange("IC0002", SenderStyle.Mainframe, new() { Reference = "A1", Number = Third }), SenderStyle.Mainframe);

        Assert.True(broker.Rejected == 0, string.Join("\n", broker.Messages.SelectMany(m => m.Errors).Concat(broker.InterchangeErrors.Select(e => e.Error))));
        Assert.Equal((2, 0, 0, 0), (broker.Accepted, broker.Amended, broker.Duplicates, broker.Rejected));
        Assert.Equal((1, 0), (mainframe.Accepted, mainframe.Rejected));
        Assert.Empty(broker.InterchangeErrors);
        await using (var db = s.Open())
        {
            var stored = await db.Declarations.Include(d => d.Items).OrderBy(d => d.Number).ToListAsync(Ct);
            Assert.Equal([First, Second, Third], stored.Select(d => d.Number));
            var second = stored[1];
            Assert.Equal("NL000396 NL123456789 2025-03-14 Sea IMO9074729",
                $"{second.Office} {second.Declarant} {second.LodgedOn:yyyy-MM-dd} {second.TransportMode} {second.Conveyance}");
            Assert.Equal("NL987654321 | Holland Trading B.V. | Havenstraat 1, Rotterdam, 3011 | NL",
                $"{second.ImporterCode} | {second.ImporterName} | {second.ImporterAddress} | {second.ImporterCountry}");
            Assert.Equal("CN CN NL CNSZX NLRTM EUR",
                $"{second.OriginCountry} {second.ExportCountry} {second.DestinationCountry} {second.PortOfLoading} {second.PortOfDischarge} {second.Currency}");
            Assert.Equal(3000m, second.TotalFob);
            Assert.Equal(3300m, second.TotalCif);
            var item = second.Items.Single(i => i.Line == 3);
            Assert.Equal("8517130000 Smartphones u", $"{item.HsCode} {item.Description} {item.Unit}");
            Assert.Equal([30m, 25m, 20m, 1100m, 231m], new[] { item.Quantity, item.GrossKg, item.NetKg, item.Cif, item.Taxes }.Select(v => v ?? -1m));
            // The long-line UNOA sender's declaration: the same fields, in upper case.
            Assert.Equal("HOLLAND TRADING B.V. / LAPTOP COMPUTERS", $"{stored[2].ImporterName} / {stored[2].Items.Single(i => i.Line == 2).Description}");
        }

        var outbox = await OutboxAsync(s);
        Assert.Equal(["1 CONTRL IC0001 -", "2 CUSRES IC0001 M1", "3 CUSRES IC0001 M2", "4 CONTRL IC0002 -", "5 CUSRES IC0002 A1"],
            outbox.Select(m => $"{m.Sequence} {m.Kind} {m.InterchangeReference} {m.MessageReference ?? "-"}"));
        Assert.Contains("UCI+IC0001+NL123456789+NCA+7'", outbox[0].Content, StringComparison.Ordinal);
        Assert.Contains("UCM+M2+CUSDEC:D:96B:UN+7'", outbox[0].Content, StringComparison.Ordinal);
        var accepted = broker.Messages.Single(m => m.Reference == "M2");
        Assert.Contains($"BGM+929+{Second}+29'", outbox[2].Content, StringComparison.Ordinal);
        Assert.Contains($"RFF+ABT:{accepted.DeclarationId:N}::1'", outbox[2].Content, StringComparison.Ordinal);
        // What Cordon writes, its own reader reads without a fault.
        foreach (var answer in outbox)
        {
            var reader = new EdifactReader(new StringReader(answer.Content));
            Assert.All(reader.Messages().ToList(), m => Assert.True(m.Valid, string.Join("; ", m.Errors)));
            Assert.Empty(reader.Errors);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_bad_tariff_code_in_item_7_of_12_refuses_that_message_naming_CST_element_2_the_others_land_and_sending_it_again_changes_nothing(string kind)
    {
        await using var s = await StoreAsync(kind);
        var text = CusdecSamples.Interchange("IC0100", SenderStyle.Broker,
            new() { Reference = "M1", Number = First },
            new() { Reference = "M2", Number = Second, Items = 12, Tariff = n => n == 7 ? "8517990000" : "8517130000" },
            new() { Reference = "M3", Number = Third });
        var receipt = await ReceiveAsync(s, text, SenderStyle.Broker);

        Assert.Equal((2, 1), (receipt.Accepted, receipt.Rejected));
        var refused = receipt.Messages.Single(m => m.Reference == "M2");
        var error = Assert.Single(refused.Errors);
        // 16 header segments (UNH … UNS+D), then 9 per item: item 7's CST is segment 71.
        Assert.Equal("71 CST 2.1 items[6].hsCode", $"{error.Segment} {error.Tag} {error.Element}.{error.Component} {error.Field}");
        Assert.Contains("851799 is not an HS 2022 subheading", error.Text, StringComparison.Ordinal);
        await using (var db = s.Open())
        {
            Assert.Equal([First, Third], await db.Declarations.OrderBy(d => d.Number).Select(d => d.Number).ToListAsync(Ct));
            Assert.Equal(4, await db.DeclarationItems.CountAsync(Ct)); // nothing of the refused message
            Assert.Equal(Second, (await db.QuarantinedRecords.SingleAsync(Ct)).Number);
        }
        var outbox = await OutboxAsync(s);
        Assert.Equal(["CONTRL", "CUSRES", "CUSRES", "CUSRES"], outbox.Select(m => m.Kind));
        var cusres = outbox.Single(m => m.MessageReference == "M2");
        Assert.Equal("rejected", cusres.State);
        Assert.Contains($"BGM+929+{Second}+27'", cusres.Content, StringComparison.Ordinal);
        Assert.Contains("ERP+:7+CST:71'", cusres.Content, StringComparison.Ordinal);
        Assert.Contains("items[6].hsCode", cusres.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("RFF+ABT", cusres.Content, StringComparison.Ordinal);

        var again = await ReceiveAsync(s, text, SenderStyle.Broker);
        Assert.Equal((0, 2, 1), (again.Accepted, again.Duplicates, again.Rejected));
        Assert.Equal(receipt.Answers, again.Answers);
        Assert.Equal(4, (await OutboxAsync(s)).Count);
        await using (var db = s.Open())
        {
            Assert.Equal(2, await db.Declarations.CountAsync(Ct));
            Assert.Equal(1, await db.QuarantinedRecords.CountAsync(Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_replacement_message_is_an_amendment_and_a_replacement_of_a_declaration_never_lodged_is_refused_at_BGM(string kind)
    {
        await using var s = await StoreAsync(kind);
        var original = await ReceiveAsync(s, CusdecSamples.Interchange("IC0200", SenderStyle.Broker, new() { Number = First }), SenderStyle.Broker);
        Assert.Equal(1, original.Accepted);

        var replaced = await ReceiveAsync(s, CusdecSamples.Interchange("IC0201", SenderStyle.Broker,
            new() { Reference = "R1", Number = First, Function = "5", Quantity = 12 },
            new() { Reference = "R2", Number = "24NL0000000000099", Function = "5" }), SenderStyle.Broker);

        var amended = replaced.Messages.Single(m => m.Reference == "R1");
        Assert.Equal("amended 2 replacement", $"{amended.Outcome} {amended.Version} {amended.Function}");
        Assert.Equal(original.Messages[0].DeclarationId, amended.DeclarationId);
        var unknown = replaced.Messages.Single(m => m.Reference == "R2");
        Assert.Equal("rejected", unknown.Outcome);
        var error = Assert.Single(unknown.Errors);
        Assert.Equal("BGM 2 number", $"{error.Tag} {error.Element} {error.Field}");
        await using var db = s.Open();
        var stored = await db.Declarations.Include(d => d.Items).SingleAsync(Ct);
        Assert.Equal(2, stored.Version);
        Assert.Equal(12m, stored.Items.Single(i => i.Line == 1).Quantity);
        var outbox = await OutboxAsync(s);
        Assert.Contains($"RFF+ABT:{stored.Id:N}::2'", outbox.Single(m => m.MessageReference == "R1").Content, StringComparison.Ordinal);
    }
}
