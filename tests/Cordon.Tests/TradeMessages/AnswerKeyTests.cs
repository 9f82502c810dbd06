using System.Security.Cryptography;
using System.Text;
using Cordon.Edifact;
using Cordon.TradeMessages;

namespace Cordon.Tests.TradeMessages;

/// <summary>
/// What a message's answer key is made of. Answers already in an outbox are found again by this key when an
/// interchange is sent again, so it must not change with how the reader holds segments.
/// </summary>
public sealed class AnswerKeyTests
{
    [Fact]
    public void A_messages_key_is_the_SHA_256_of_its_segments_as_text_release_characters_removed_joined_by_unit_separators()
    {
        var name = new string('N', 1500); // a segment longer than the key's stack buffer
        var text = $"UNB+UNOC:3+SENDER+CUSTOMS+261207:1000+REF1'UNH+1+CUSDEC:D:96B:UN'BGM+929+A?+B+9'NAD+IM+++Société {name}'UNT+4+1'UNZ+1+REF1'";
        var message = new EdifactReader(new StringReader(text)).Messages().Single();

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"UNH+1+CUSDEC:D:96B:UN\u001fBGM+929+A+B+9\u001fNAD+IM+++Société {name}\u001fUNT+4+1")));
        Assert.Equal(expected, AnswerKeys.Of(message.Segments));
        Assert.Equal(expected, AnswerKeys.Of([.. message.Segments.Select(s => s.ToString())]));
    }
}
