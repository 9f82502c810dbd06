using Cordon.Edifact;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.TradeMessages;

/// <summary>A carrier's CUSCAR becomes one pre-arrival consignment per bill, through the one consignment intake, and is answered like a CUSDEC.</summary>
public sealed class CuscarIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_cargo_report_in_two_senders_styles_lands_as_one_consignment_per_bill_beside_a_declaration_in_the_same_interchange(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var bills = CuscarSamples.Bills();
        var broker = await TradeMessageIntakeTests.ReceiveAsync(s, CuscarSamples.Interchange("IC0201", SenderStyle.Broker, bills,
            new CusdecSamples.Message { Reference = "D1", Number = "24NL0000000000009" }), SenderStyle.Broker);
        // The same voyage reported by another system (no UNA, one long line, UNOA, D00B) for three other bills.
        var other = bills.Select((b, i) => b with { Reference = $"HLCU99000{i}", Container = CuscarSamples.Container("HLX", 200000 + i) }).ToArray();
        var mainframe = await TradeMessageIntakeTests.ReceiveAsync(s, CuscarSamples.Interchange("IC0202", SenderStyle.Mainframe, other), SenderStyle.Mainframe);

        Assert.True(broker.Rejected == 0 && mainframe.Rejected == 0,
            string.Join("\n", broker.Messages.Concat(mainframe.Messages).SelectMany(m => m.Errors).Concat(broker.InterchangeErrors.Select(e => e.Error))));
        Assert.Equal((4, 3), (broker.Accepted, mainframe.Accepted));
        Assert.Equal(["CUSDEC -", "CUSCAR MAEU123456781", "CUSCAR MAEU123456782", "CUSCAR MAEU123456783"], broker.Messages.Select(m => $"{m.Type} {m.Bill ?? "-"}"));
        await using (var db = s.Open())
        {
            Assert.Equal("24NL0000000000009", (await db.Declarations.SingleAsync(Ct)).Number);
            var stored = await db.Consignments.Include(c => c.Containers).OrderBy(c => c.Reference).ToListAsync(Ct);
            Assert.Equal(6, stored.Count);
            var first = stored.Single(c => c.Reference == "MAEU123456781");
            Assert.Equal("NL000396 NL555666777 Sea IMO9074729 CN NL", $"{first.Office} {first.Filer} {first.TransportMode} {first.Conveyance} {first.Route}");
            Assert.Equal("Shenzhen Bright Electronics Co. | CN | Holland Trading B.V. | Havenstraat 1, Rotterdam, 3011 | NL",
                $"{first.ConsignorName} | {first.ConsignorCountry} | {first.ConsigneeName} | {first.ConsigneeAddress} | {first.ConsigneeCountry}");
            Assert.Equal("Smartphones 851713 1850.5 120", $"{first.GoodsDescription} {first.HsCode} {first.GrossKg:0.0} {first.Packages}");
            Assert.Equal(CuscarSamples.Arrival, first.ExpectedArrival);
            Assert.Equal([bills[0].Container], first.Containers.Select(c => c.ContainerNumber));
            // The party ids, the notify party (NAD+N1), the ports (LOC+9, LOC+11) and the container's seal (SEL after its EQD) are kept.
            Assert.Equal("- | NL987654321 | Rotterdam Forwarding | CNSHA → NLRTM | SL000001",
                $"{first.ConsignorCode ?? "-"} | {first.ConsigneeCode} | {first.NotifyName} | {first.PortOfLoading} → {first.PortOfDischarge} | {first.Containers.Single().Seals}");
            // A ten-digit tariff number keeps its HS subheading; the UNOA sender's text arrives in upper case.
            Assert.Equal("847130", stored.Single(c => c.Reference == "MAEU123456782").HsCode);
            Assert.Equal("LAPTOP COMPUTERS", stored.Single(c => c.Reference == "HLCU990001").GoodsDescription);
            Assert.Equal([other[2].Container], stored.Single(c => c.Reference == "HLCU990002").Containers.Select(c => c.ContainerNumber));
        }

        var outbox = await TradeMessageIntakeTests.OutboxAsync(s);
        Assert.Equal(["CONTRL IC0201 -", "CUSRES IC0201 24NL0000000000009", "CUSRES IC0201 MAEU123456781", "CUSRES IC0201 MAEU123456782", "CUSRES IC0201 MAEU123456783",
            "CONTRL IC0202 -", "CUSRES IC0202 HLCU990000", "CUSRES IC0202 HLCU990001", "CUSRES IC0202 HLCU990002"],
            outbox.Select(m => $"{m.Kind} {m.InterchangeReference} {m.DeclarationNumber ?? "-"}"));
        // One UCM per message, the CUSCAR's included.
        Assert.Contains("UCM+CAR1+CUSCAR:D:95B:UN+7'", outbox[0].Content, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(outbox[0].Content, "UCM\\+CAR1"));
        var bill = broker.Messages.Single(m => m.Bill == "MAEU123456782");
        Assert.Contains($"BGM+85+MAEU123456782+29'", outbox[3].Content, StringComparison.Ordinal);
        Assert.Contains($"RFF+ABT:{bill.ConsignmentId:N}::1'", outbox[3].Content, StringComparison.Ordinal);
        Assert.Null(outbox[3].DeclarationId); // a consignment has no lane answers to come
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_bad_container_check_digit_refuses_only_its_bill_naming_the_EQD_element_and_sending_it_again_changes_nothing(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var bills = CuscarSamples.Bills(badSecondContainer: true);
        var text = CuscarSamples.Interchange("IC0301", SenderStyle.Broker, bills);
        var receipt = await TradeMessageIntakeTests.ReceiveAsync(s, text, SenderStyle.Broker);

        Assert.Equal((2, 1), (receipt.Accepted, receipt.Rejected));
        var refused = receipt.Messages.Single(m => m.Outcome == "rejected");
        Assert.Equal("MAEU123456782", refused.Bill);
        var error = Assert.Single(refused.Errors);
        // UNH, BGM, DTM, LOC, NAD, TDT, LOC, LOC, DTM, then EQD/MEA/SEL per container: the second EQD is segment 13.
        Assert.Equal("13 EQD 2.1 containers[0]", $"{error.Segment} {error.Tag} {error.Element}.{error.Component} {error.Field}");
        Assert.Contains("fails its ISO 6346 check digit", error.Text, StringComparison.Ordinal);
        await using (var db = s.Open())
        {
            Assert.Equal(["MAEU123456781", "MAEU123456783"], await db.Consignments.OrderBy(c => c.Reference).Select(c => c.Reference).ToListAsync(Ct));
            Assert.Equal("MAEU123456782", (await db.QuarantinedRecords.SingleAsync(Ct)).Number);
        }
        var outbox = await TradeMessageIntakeTests.OutboxAsync(s);
        var cusres = outbox.Single(m => m.DeclarationNumber == "MAEU123456782");
        Assert.Equal("rejected", cusres.State);
        Assert.Contains("BGM+85+MAEU123456782+27'", cusres.Content, StringComparison.Ordinal);
        Assert.Contains("ERP++EQD:13'", cusres.Content, StringComparison.Ordinal);
        Assert.Contains("containers[0]", cusres.Content, StringComparison.Ordinal);
        var reader = new EdifactReader(new StringReader(cusres.Content));
        Assert.All(reader.Messages().ToList(), m => Assert.True(m.Valid, string.Join("; ", m.Errors)));

        var again = await TradeMessageIntakeTests.ReceiveAsync(s, text, SenderStyle.Broker);
        Assert.Equal((0, 2, 1), (again.Accepted, again.Duplicates, again.Rejected));
        Assert.Equal(outbox.Select(m => m.Sequence), (await TradeMessageIntakeTests.OutboxAsync(s)).Select(m => m.Sequence));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_seal_without_its_container_and_a_bill_pointing_at_undeclared_equipment_are_named_by_segment(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var bills = CuscarSamples.Bills();
        var segments = CuscarSamples.Segments("CAR1", SenderStyle.Broker, bills);
        // Bill 3 points at a container no EQD declares.
        var sgp = segments.FindLastIndex(x => x.StartsWith("SGP+", StringComparison.Ordinal));
        segments[sgp] = $"SGP+{CuscarSamples.Container("TGH", 424242)}+300";
        var text = CusdecSamples.Write(["UNB+UNOC:3+NL555666777:ZZZ+NCA:ZZZ+250314:1200+IC0401", .. segments, "UNZ+1+IC0401"], SenderStyle.Broker);
        var receipt = await TradeMessageIntakeTests.ReceiveAsync(s, text, SenderStyle.Broker);

        Assert.Equal((2, 1), (receipt.Accepted, receipt.Rejected));
        var error = Assert.Single(receipt.Messages.Single(m => m.Outcome == "rejected").Errors);
        Assert.Equal($"SGP 1.1 {sgp + 1}", $"{error.Tag} {error.Element}.{error.Component} {error.Segment}");
        Assert.Contains("is not among the message's equipment (EQD)", error.Text, StringComparison.Ordinal);
    }
}
