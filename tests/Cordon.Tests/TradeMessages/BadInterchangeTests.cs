using Cordon.Tests.Support;
using Cordon.TradeMessages;

namespace Cordon.Tests.TradeMessages;

/// <summary>
/// Broken interchanges: each fault is named in the CONTRL (segment position, data element, ISO 9735 syntax error
/// code), the complete good messages of the interchange still land, and a refused message leaves nothing behind.
/// </summary>
public sealed class BadInterchangeTests
{
    private static readonly SenderStyle Style = SenderStyle.Broker;

    private static string Good(string reference) => CusdecSamples.Interchange(reference, Style,
        new() { Reference = "M1", Number = "24NL0000000000001" }, new() { Reference = "M2", Number = "24NL0000000000002" });

    private static async Task<(TradeMessageReceipt Receipt, string Contrl, List<OutboxMessage> Outbox)> SendAsync(TestStore s, string text, SenderStyle? style = null)
    {
        var receipt = await TradeMessageIntakeTests.ReceiveAsync(s, text, style ?? Style);
        var outbox = await TradeMessageIntakeTests.OutboxAsync(s);
        return (receipt, outbox.Single(m => m.Kind == AnswerKinds.Contrl).Content, outbox);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_truncated_interchange_keeps_the_complete_message_and_the_cut_one_is_rejected_for_its_missing_UNT(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var text = Good("IC0300");
        var cut = text[..(text.LastIndexOf("MEA+WT+G", StringComparison.Ordinal) + 6)];
        var (receipt, contrl, outbox) = await SendAsync(s, cut);

        Assert.Equal((1, 1), (receipt.Accepted, receipt.Rejected));
        var refused = receipt.Messages.Single(m => m.Reference == "M2");
        Assert.Contains(refused.Errors, e => e.Tag == "UNT" && e.SyntaxCode == 13);
        Assert.Contains(receipt.InterchangeErrors, e => e.Error.Text.Contains("ends inside a segment", StringComparison.Ordinal));
        Assert.Contains("UCI+IC0300+NL123456789+NCA+7+13'", contrl, StringComparison.Ordinal);
        Assert.Contains("UCM+M1+CUSDEC:D:96B:UN+7'", contrl, StringComparison.Ordinal);
        Assert.Contains("UCM+M2+CUSDEC:D:96B:UN+4+13+UNT'", contrl, StringComparison.Ordinal);
        Assert.Equal(["M1"], outbox.Where(m => m.Kind == AnswerKinds.Cusres).Select(m => m.MessageReference));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_wrong_UNT_segment_count_rejects_that_message_naming_UNT_element_1(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var n = CusdecSamples.Segments(new() { Reference = "M2", Number = "24NL0000000000002" }, Style).Count;
        var (receipt, contrl, _) = await SendAsync(s, Good("IC0301").Replace($"UNT+{n}+M2", $"UNT+{n + 1}+M2", StringComparison.Ordinal));

        Assert.Equal((1, 1), (receipt.Accepted, receipt.Rejected));
        Assert.Contains(receipt.Messages.Single(m => m.Reference == "M2").Errors, e => e.Tag == "UNT" && e.Element == 1 && e.SyntaxCode == 29);
        Assert.Contains($"UCM+M2+CUSDEC:D:96B:UN+4'\nUCS+{n}'\nUCD+29+1'", contrl, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_wrong_UNZ_message_count_is_reported_on_UCI_while_the_checked_messages_land(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var (receipt, contrl, _) = await SendAsync(s, Good("IC0302").Replace("UNZ+2+IC0302", "UNZ+3+IC0302", StringComparison.Ordinal));

        Assert.Equal((2, 0), (receipt.Accepted, receipt.Rejected));
        Assert.Contains(receipt.InterchangeErrors, e => e.Error.Tag == "UNZ" && e.Error.SyntaxCode == 29);
        Assert.Contains("UCI+IC0302+NL123456789+NCA+7+29+UNZ+1'", contrl, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_UNZ_control_reference_that_does_not_match_UNB_is_reported_on_UCI_naming_element_2(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var (receipt, contrl, _) = await SendAsync(s, Good("IC0303").Replace("UNZ+2+IC0303", "UNZ+2+IC9999", StringComparison.Ordinal));

        Assert.Equal(2, receipt.Accepted);
        Assert.Contains("UCI+IC0303+NL123456789+NCA+7+28+UNZ+2'", contrl, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_unknown_segment_rejects_its_message_naming_its_position_and_gets_no_CUSRES(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var text = CusdecSamples.Interchange("IC0304", Style, new() { Reference = "M1", Number = "24NL0000000000001" },
            new() { Reference = "M2", Number = "24NL0000000000002", Edit = segments => [.. segments.Take(2), "XYZ+1", .. segments.Skip(2)] });
        var (receipt, contrl, outbox) = await SendAsync(s, text);

        Assert.Equal((1, 1), (receipt.Accepted, receipt.Rejected));
        var error = Assert.Single(receipt.Messages.Single(m => m.Reference == "M2").Errors);
        Assert.Equal("3 XYZ 15", $"{error.Segment} {error.Tag} {error.SyntaxCode}");
        Assert.Contains("UCM+M2+CUSDEC:D:96B:UN+4'\nUCS+3+15'", contrl, StringComparison.Ordinal);
        Assert.Equal(["M1"], outbox.Where(m => m.Kind == AnswerKinds.Cusres).Select(m => m.MessageReference));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_release_character_at_the_end_of_the_input_is_a_syntax_error_and_the_messages_before_it_land(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var text = Good("IC0305").TrimEnd();
        var (receipt, contrl, _) = await SendAsync(s, text[..^1] + "?");

        Assert.Equal(2, receipt.Accepted);
        Assert.Contains(receipt.InterchangeErrors, e => e.Error.SyntaxCode == 20 && e.Error.Text.Contains("release character", StringComparison.Ordinal));
        Assert.Contains("UCI+IC0305+NL123456789+NCA+7+20'", contrl, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_lower_case_letter_in_a_UNOA_interchange_rejects_its_message_naming_the_element_and_UNOC_takes_accented_names(string kind)
    {
        await using var s = await TradeMessageIntakeTests.StoreAsync(kind);
        var unoa = SenderStyle.Mainframe;
        var text = CusdecSamples.Interchange("IC0306", unoa, new() { Reference = "M1", Number = "24NL0000000000001" },
            new() { Reference = "M2", Number = "24NL0000000000002", Edit = segments => segments.Select(x => x.StartsWith("NAD+IM", StringComparison.Ordinal) ? x.Replace("HOLLAND", "Holland", StringComparison.Ordinal) : x).ToList() });
        var (receipt, contrl, _) = await SendAsync(s, text, unoa);

        Assert.Equal((1, 1), (receipt.Accepted, receipt.Rejected));
        var error = Assert.Single(receipt.Messages.Single(m => m.Reference == "M2").Errors);
        Assert.Equal("NAD 4.1 21", $"{error.Tag} {error.Element}.{error.Component} {error.SyntaxCode}");
        Assert.Contains("UCD+21+4:1'", contrl, StringComparison.Ordinal);

        var latin = await TradeMessageIntakeTests.ReceiveAsync(s, CusdecSamples.Interchange("IC0307", Style,
            new() { Reference = "M1", Number = "24NL0000000000003", ImporterName = "Société Générale Négoce" }), Style);
        Assert.Equal(1, latin.Accepted);
        await using var db = s.Open();
        Assert.Equal("Société Générale Négoce", db.Declarations.Single(d => d.Number == "24NL0000000000003").ImporterName);
    }
}
