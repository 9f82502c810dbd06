using System.Text;

namespace Cordon.Tests.Travellers;

/// <summary>
/// PNRGOV interchanges written from the IATA/WCO/ICAO PNRGOV implementation guide's message structure
/// (11.1–15.1), in three carriers' styles:
/// - <see cref="Klm"/> (13.1, a segment per line): a family of two booked through an agency with contacts and a card,
///   a multi-leg itinerary JFK–AMS–NBO and the check-in group (seats, bags); a second booking with a released
///   apostrophe in the name, paid cash, without agency, contact or check-in.
/// - <see cref="Emirates"/> (11.1, one long line): a codeshare leg marketed by QF and operated by EK, a split booking, a
///   miscellaneous form of payment and an agency by IATA number.
/// - <see cref="Lufthansa"/> (15.1, wrapped at 70 characters as some gateways send it): one push in two messages
///   (UNH sequence 01:C, 02:F) and a booking with nothing but names, document and flight.
/// UNT counts are filled in by <see cref="Counted"/>.
/// </summary>
internal static class PnrgovSamples
{
    public const string Card = "4111111111111111";

    public static string Klm => Counted(KlmTemplate);

    /// <summary>The KLM push with "UNT+#" for its count, to change before counting.</summary>
    public const string KlmTemplate = """
UNA:+.? '
UNB+IATA:1+KL+NLPIU+261207:0900+KL0642A1++PNRGOV'
UNG+PNRGOV+KL+NLPIU+261207:0900+1+IA+13:1'
UNH+1+PNRGOV:13:1:IA+KL0642/081226/1730+01:F'
MSG+:22'
ORG+KL:AMS'
TVL+081226:1730:091226:0650+JFK+AMS+KL+0642'
EQN+2'
SRC'
RCI+KL:X7KQ2P::011126:101500'
DAT+700:051226:0930+710:021126:1200'
IFT+4:28::KL+CTCE J..VERMEER//EXAMPLE.NL'
IFT+4:28::KL+CTCM 31 6 1234 5678'
ORG+1A:NYC+12345675+NYC++++US:USD:EN'
ADD++700:PRINSENGRACHT 12:AMSTERDAM:::NL:1016AB'
TIF+VERMEER+JOHANNES MR:A:1'
FTI+KL:1234567890'
SSR+DOCS:HK:1:KL:::::/P/NLD/NX4471920/NLD/14MAR81/M/20MAR30/VERMEER/JOHANNES+::1'
TKT+0742123456789:T:1'
MON+T:1450.00:EUR'
FOP+CC::1450.00:VI:4111111111111111:1228'
TIF+VERMEER+SASKIA MRS:A:2'
SSR+DOCS:HK:1:KL:::::/P/NLD/NV1234567/NLD/02JUN83/F/01JAN31/VERMEER/SASKIA+::2'
TKT+0742123456790:T:1'
FOP+CC::1450.00:VI:4111111111111111:1228'
TVL+081226:1730:091226:0650+JFK+AMS+KL+0642:Y'
RPI+2+HK'
SSR+SEAT:HK:2:KL:::JFK:AMS+12A::1+12B::2'
DAT+2:081226:1530'
ORG+KL:JFK'
TRI++101:::1'
TIF+VERMEER+JOHANNES MR:A:1'
SSD+14C'
TBD++2:38:700++HP+KL:0074123456:2:NBO'
TRI++102:::2'
TIF+VERMEER+SASKIA MRS:A:2'
SSD+14D'
TVL+091226:1015:091226:2040+AMS+NBO+KL+0565:Y'
RPI+2+HK'
SRC'
RCI+KL:R2D2QQ::201126:081500'
TIF+O?'BRIEN+SIOBHAN MS:A:1'
SSR+DOCS:HK:1:KL:::::/P/IRL/PA1234567/IRL/30SEP90/F/15OCT29/O?'BRIEN/SIOBHAN+::1'
TKT+0742999999999:T:1'
FOP+CA::620.00'
TVL+081226:1730:091226:0650+JFK+AMS+KL+0642:Y'
RPI+1+HK'
UNT+#+1'
UNE+1+1'
UNZ+1+KL0642A1'
""";

    public static readonly string Emirates = Counted(
        "UNA:+.?*'UNB+IATA:1+EK+NLPIU+261207:1235+00000000000149++PNRGOV'UNG+PNRGOV+EK+NLPIU+261207:1235+00000000000149+IA+11:1'"
        + "UNH+00000000000149+PNRGOV:11:1:IA+EK0147/091226/0340+01:F'MSG+:22'ORG+EK:DXB'TVL+091226:0340:091226:0815+DXB+AMS+EK+0147'EQN+2'"
        + "SRC'RCI+EK:5HT2LM::151026:2210'ORG+EK:SYD+02312345+SYD'TIF+NGUYEN+VAN AN MR:A:1'"
        + "SSR+DOCS:HK:1:EK:::::/P/VNM/C1234567/VNM/01JAN79/M/31DEC29/NGUYEN/VAN AN+::1'TKT+1762400000001:T:1'FOP+MS::3100.00'"
        + "TVL+081226:2130:091226:0245+SYD+DXB+QF:EK+8415:Y'TVL+081226:2130:091226:0245+SYD+DXB+EK+0415'RPI+1+HK'"
        + "TVL+091226:0340:091226:0815+DXB+AMS+EK+0147:Y'RPI+1+HK'EQN+1'RCI+EK:5HT2LN'"
        + "SRC'RCI+EK:5HT2LN::151026:2215'ORG+EK:SYD+02312345+SYD'TIF+NGUYEN+THI MAI MRS:A:1'"
        + "SSR+DOCS:HK:1:EK:::::/P/VNM/C7654321/VNM/05MAY82/F/31DEC29/NGUYEN/THI MAI+::1'"
        + "TVL+091226:0340:091226:0815+DXB+AMS+EK+0147:Y'RPI+1+HK'"
        + "UNT+#+00000000000149'UNE+1+00000000000149'UNZ+1+00000000000149'");

    /// <summary>One push in two messages; lines wrapped at 70 characters wherever they fall.</summary>
    public static readonly string Lufthansa = Wrapped(Counted("""
UNA:+.? '
UNB+IATA:1+LH+NLPIU+261207:1100+LH0992P++PNRGOV'
UNG+PNRGOV+LH+NLPIU+261207:1100+7+IA+15:1'
UNH+1+PNRGOV:15:1:IA+LH0992/081226/0940+01:C'
MSG+:22'
ORG+LH:FRA'
TVL+081226:0940:081226:1050+FRA+AMS+LH+0992'
EQN+2'
SRC'
RCI+LH:LZ4P0K::051226:120000'
TIF+MÜLLER+JÜRGEN MR:A:1'
SSR+DOCS:HK:1:LH:::::/P/DEU/C01X00T47/DEU/12AUG64/M/01FEB32/MÜLLER/JÜRGEN+::1'
TVL+081226:0940:081226:1050+FRA+AMS+LH+0992:C'
UNT+#+1'
UNH+2+PNRGOV:15:1:IA+LH0992/081226/0940+02:F'
MSG+:22'
ORG+LH:FRA'
TVL+081226:0940:081226:1050+FRA+AMS+LH+0992'
EQN+2'
SRC'
RCI+LH:LZ4P0M::061226:083000'
TIF+SCHMIDT+ANNA MS:A:1'
TVL+081226:0940:081226:1050+FRA+AMS+LH+0992:M'
UNT+#+2'
UNE+2+7'
UNZ+1+LH0992P'
"""));

    /// <summary>Three flights in one interchange, the second with a traveller without a surname (segment 8 TIF).</summary>
    public static readonly string ThreeWithOneBad = Counted("""
UNA:+.? '
UNB+IATA:1+KL+NLPIU+261207:0900+KL3X++PNRGOV'
UNH+K1+PNRGOV:13:1:IA+KL1001'
MSG+:22'
TVL+081226:0700:081226:0810+LHR+AMS+KL+1001'
EQN+1'
SRC'
RCI+KL:AAA111'
TIF+DE VRIES+PIETER MR:A:1'
TVL+081226:0700:081226:0810+LHR+AMS+KL+1001'
UNT+#+K1'
UNH+K2+PNRGOV:13:1:IA+KL1002'
MSG+:22'
TVL+081226:0900:081226:1010+LHR+AMS+KL+1002'
EQN+1'
SRC'
RCI+KL:BBB222'
TIF+DE JONG+LOTTE MS:A:1'
TIF++KEES MR:A:2'
TVL+081226:0900:081226:1010+LHR+AMS+KL+1002'
UNT+#+K2'
UNH+K3+PNRGOV:13:1:IA+KL1003'
MSG+:22'
TVL+081226:1100:081226:1210+LHR+AMS+KL+1003'
EQN+1'
SRC'
RCI+KL:CCC333'
TIF+BAKKER+EMMA MS:A:1'
TVL+081226:1100:081226:1210+LHR+AMS+KL+1003'
UNT+#+K3'
UNZ+3+KL3X'
""");

    /// <summary>Fills in each UNT's segment count (UNH to UNT inclusive), reading released apostrophes as the reader does.</summary>
    public static string Counted(string text)
    {
        var result = new StringBuilder();
        var segments = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '?')
            {
                i++;
                continue;
            }
            if (text[i] != '\'')
            {
                continue;
            }
            var segment = text[start..(i + 1)].TrimStart();
            segments = segment.StartsWith("UNH+", StringComparison.Ordinal) ? 1 : segments + 1;
            result.Append(text, start, i + 1 - start);
            if (segment.StartsWith("UNT+#", StringComparison.Ordinal))
            {
                var at = result.ToString().LastIndexOf("UNT+#", StringComparison.Ordinal);
                result.Replace("UNT+#", $"UNT+{segments}", at, 5);
            }
            start = i + 1;
        }
        return result.Append(text, start, text.Length - start).ToString();
    }

    /// <summary>The same text with a line break every 70 characters, wherever it falls.</summary>
    private static string Wrapped(string text)
    {
        var flat = text.Replace("\n", "", StringComparison.Ordinal);
        return string.Join('\n', Enumerable.Range(0, (flat.Length + 69) / 70).Select(i => flat.Substring(i * 70, Math.Min(70, flat.Length - i * 70))));
    }

    /// <summary>The KLM sample without the lines <paramref name="drop"/> picks (line, index): a group left out.</summary>
    public static string Without(Func<string, int, bool> drop) => Counted(string.Join('\n', KlmTemplate.Split('\n').Where((l, i) => !drop(l, i))));
}
