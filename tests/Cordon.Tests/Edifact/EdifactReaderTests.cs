using System.Text;
using Cordon.Edifact;

namespace Cordon.Tests.Edifact;

/// <summary>The general UN/EDIFACT reader: separators, release characters, envelopes, counts and references, errors by place.</summary>
public sealed class EdifactReaderTests
{
    private static (List<EdifactMessage> Messages, EdifactReader Reader) Read(string text)
    {
        var reader = new EdifactReader(new StringReader(text));
        var messages = reader.Messages().ToList();
        return (messages, reader);
    }

    private const string Simple = "UNB+UNOA:3+SENDER+RECIPIENT+261206:1200+REF1'UNH+M1+TEST:D:96B:UN'ABC+X:Y+Z'UNT+3+M1'UNZ+1+REF1'";

    [Fact]
    public void Without_UNA_the_default_separators_split_segments_elements_and_components()
    {
        var (messages, reader) = Read(Simple);
        Assert.Empty(reader.Errors);
        var message = Assert.Single(messages);
        Assert.True(message.Valid, string.Join("; ", message.Errors));
        Assert.Equal("TEST", message.Type);
        Assert.Equal("TEST D:96B:UN", message.Identifier);
        var abc = message.Segments[1];
        Assert.Equal("ABC", abc.Tag);
        Assert.Equal(2, abc.Position);
        Assert.Equal("X", abc.Value(1, 1));
        Assert.Equal("Y", abc.Value(1, 2));
        Assert.Equal("Z", abc.Value(2));
        Assert.Null(abc.Value(3));
        Assert.Equal("REF1", reader.Interchanges[0].ControlReference);
        Assert.Equal(new DateTime(2026, 12, 6, 12, 0, 0), reader.Interchanges[0].Prepared);
    }

    [Fact]
    public void UNA_sets_every_separator_and_the_release_character()
    {
        var text = "UNA*|,! ~UNB|UNOB*4|S|R|20261206*1200|R2~UNH|1|TEST*D*96B*UN~ABC|a!|b*c!*d|e!~f!!~UNT|3|1~UNZ|1|R2~";
        var (messages, reader) = Read(text);
        Assert.Empty(reader.Errors);
        Assert.Equal(new EdifactSeparators('*', '|', ',', '!', ' ', '~'), reader.Separators);
        var abc = Assert.Single(messages).Segments[1];
        Assert.Equal("a|b", abc.Value(1, 1));
        Assert.Equal("c*d", abc.Value(1, 2));
        Assert.Equal("e~f!", abc.Value(2));
    }

    [Fact]
    public void A_released_apostrophe_plus_colon_and_question_mark_are_data()
    {
        var (messages, _) = Read("UNB+UNOA:3+S+R+261206:1200+R3'UNH+1+TEST:D:96B:UN'NAD+FL+++O?'BRIEN?+SMITH?:JONES??'UNT+3+1'UNZ+1+R3'");
        var nad = Assert.Single(messages).Segments[1];
        Assert.Equal("O'BRIEN+SMITH:JONES?", nad.Value(4, 1));
        Assert.Equal(1, nad.ComponentCount(4));
    }

    [Fact]
    public void Line_breaks_between_and_inside_segments_are_layout_not_data()
    {
        var wrapped = string.Join("\r\n", Enumerable.Range(0, (Simple.Length + 19) / 20).Select(i => Simple.Substring(i * 20, Math.Min(20, Simple.Length - i * 20))));
        var (messages, reader) = Read(wrapped);
        Assert.Empty(reader.Errors);
        Assert.Equal("Z", Assert.Single(messages).Segments[1].Value(2));
    }

    [Fact]
    public void Groups_are_counted_by_UNE_and_UNZ_counts_groups()
    {
        var text = "UNB+UNOA:3+S+R+261206:1200+R4'UNG+TEST+S+R+261206:1200+G1+UN+D:96B'UNH+1+TEST:D:96B:UN'UNT+2+1'UNH+2+TEST:D:96B:UN'UNT+2+2'UNE+2+G1'UNZ+1+R4'";
        var (messages, reader) = Read(text);
        Assert.Empty(reader.Errors);
        Assert.Equal(["G1", "G1"], messages.Select(m => m.Group));
        Assert.Equal([1, 2], messages.Select(m => m.Number));
    }

    [Fact]
    public void A_wrong_UNT_count_refuses_that_message_only_and_names_it()
    {
        var text = "UNB+UNOA:3+S+R+261206:1200+R5'UNH+1+TEST:D:96B:UN'ABC+1'UNT+3+1'UNH+2+TEST:D:96B:UN'ABC+1'ABC+2'UNT+3+2'UNH+3+TEST:D:96B:UN'UNT+2+3'UNZ+3+R5'";
        var (messages, reader) = Read(text);
        Assert.Empty(reader.Errors);
        Assert.Equal([true, false, true], messages.Select(m => m.Valid));
        var error = Assert.Single(messages[1].Errors);
        Assert.Equal("interchange R5, UNH 2 (2), segment 4 UNT, element 1 (line 1): the segment count says 3, the message has 4 segments from UNH to UNT.", error.ToString());
    }

    [Fact]
    public void A_UNT_reference_that_differs_from_UNH_is_an_error_on_element_2()
    {
        var (messages, _) = Read("UNB+UNOA:3+S+R+261206:1200+R6'UNH+M1+TEST:D:96B:UN'UNT+2+M9'UNZ+1+R6'");
        var error = Assert.Single(Assert.Single(messages).Errors);
        Assert.Equal(("UNT", 2, 2), (error.Tag, error.Segment, error.Element));
    }

    [Fact]
    public void UNZ_and_UNE_counts_and_references_are_checked()
    {
        var (messages, reader) = Read("UNB+UNOA:3+S+R+261206:1200+R7'UNG+TEST+S+R+261206:1200+G1+UN+D:96B'UNH+1+TEST:D:96B:UN'UNT+2+1'UNE+3+G2'UNZ+2+R8'");
        Assert.True(Assert.Single(messages).Valid);
        Assert.Equal(
            [
                "interchange R7, segment 5 UNE, element 1: the control count says 3, the messages in the group are 1.",
                "interchange R7, segment 5 UNE, element 2: the group reference 'G2' does not match UNG's 'G1'.",
                "interchange R7, segment 6 UNZ, element 1: the control count says 2, the functional groups are 1.",
                "interchange R7, segment 6 UNZ, element 2: the interchange control reference 'R8' does not match UNB's 'R7'.",
            ],
            reader.Errors.Select(e => e.ToString().Replace(" (line 1)", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_message_without_UNT_is_refused_and_the_next_message_still_reads()
    {
        var (messages, _) = Read("UNB+UNOA:3+S+R+261206:1200+R9'UNH+1+TEST:D:96B:UN'ABC+1'UNH+2+TEST:D:96B:UN'UNT+2+2'UNZ+2+R9'");
        Assert.Equal(2, messages.Count);
        Assert.Contains("no UNT", Assert.Single(messages[0].Errors).Text);
        Assert.True(messages[1].Valid);
    }

    [Fact]
    public void A_truncated_interchange_keeps_the_complete_messages_and_says_where_it_stops()
    {
        var text = "UNB+UNOA:3+S+R+261206:1200+R10'\nUNH+1+TEST:D:96B:UN'\nUNT+2+1'\nUNH+2+TEST:D:96B:UN'\nABC+12";
        var (messages, reader) = Read(text);
        Assert.True(messages[0].Valid);
        Assert.False(messages[1].Valid);
        var error = Assert.Single(reader.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains("segment terminator ''' is missing", error.Text);
    }

    [Fact]
    public void A_release_character_at_the_end_of_the_input_is_an_error()
    {
        var (_, reader) = Read("UNB+UNOA:3+S+R+261206:1200+R11'UNH+1+TEST:D:96B:UN'ABC+1?");
        Assert.Contains(reader.Errors, e => e.Text.Contains("release character '?' ends the input", StringComparison.Ordinal));
    }

    [Fact]
    public void A_character_outside_syntax_level_A_refuses_the_message_naming_the_element()
    {
        var (messages, _) = Read("UNB+UNOA:3+S+R+261206:1200+R12'UNH+1+TEST:D:96B:UN'NAD+FL+++Smith'UNT+3+1'UNZ+1+R12'");
        var error = Assert.Single(Assert.Single(messages).Errors);
        Assert.Equal(("NAD", 2, 4, 1), (error.Tag, error.Segment, error.Element, error.Component));
        Assert.Contains("UNOA", error.Text);
    }

    [Fact]
    public void Segments_outside_a_message_are_reported_once_and_skipped()
    {
        var (messages, reader) = Read("UNB+UNOA:3+S+R+261206:1200+R13'ABC+1'ABC+2'UNH+1+TEST:D:96B:UN'UNT+2+1'UNZ+1+R13'");
        Assert.True(Assert.Single(messages).Valid);
        Assert.Equal("interchange R13, segment 2 ABC (line 1): ABC outside a message (between UNT and UNH): skipped up to the next UNH.", Assert.Single(reader.Errors).ToString());
    }

    [Fact]
    public void Latin_1_bytes_of_a_UNOC_interchange_read_as_their_letters()
    {
        var text = "UNB+UNOC:3+S+R+261206:1200+R14'UNH+1+TEST:D:96B:UN'NAD+FL+++MÜLLER:JOSÉ'UNT+3+1'UNZ+1+R14'";
        using var stream = new MemoryStream(Encoding.Latin1.GetBytes(text));
        using var reader = EdifactText.Open(stream);
        var message = Assert.Single(new EdifactReader(reader).Messages());
        Assert.True(message.Valid, string.Join("; ", message.Errors));
        Assert.Equal(("MÜLLER", "JOSÉ"), (message.Segments[1].Value(4, 1), message.Segments[1].Value(4, 2)));
    }

    [Fact]
    public void Input_without_an_interchange_says_so()
    {
        var (messages, reader) = Read("");
        Assert.Empty(messages);
        Assert.Equal("no interchange: the input holds no UNB segment.", Assert.Single(reader.Errors).Text);
    }
}
