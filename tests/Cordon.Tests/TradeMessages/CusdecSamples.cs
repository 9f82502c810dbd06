using System.Globalization;
using System.Text;

namespace Cordon.Tests.TradeMessages;

/// <summary>How a sender lays out its interchanges.</summary>
internal sealed record SenderStyle(bool ServiceStringAdvice, bool SegmentPerLine, string Syntax, string Version = "96B")
{
    /// <summary>A clearance system: UNA, one segment per line, Latin-1.</summary>
    public static readonly SenderStyle Broker = new(true, true, "UNOC");
    /// <summary>An older declarant package: no UNA, one long line, upper-case UNOA, directory D01B.</summary>
    public static readonly SenderStyle Mainframe = new(false, false, "UNOA", "01B");
}

/// <summary>
/// CUSDEC interchanges written from the published segment layouts (D96B/D01B: BGM, DTM, LOC, NAD, TDT, MOA,
/// UNS, CST/FTX/MEA/MOA/TAX per item, CNT), the counts computed, so that each test breaks only what it is about.
/// </summary>
internal static class CusdecSamples
{
    public sealed class Message
    {
        public string Reference { get; init; } = "M1";
        public string Number { get; init; } = "24NL0000000000001";
        public string Function { get; init; } = "9";
        public int Items { get; init; } = 2;
        /// <summary>The tariff code of item n (1-based).</summary>
        public Func<int, string> Tariff { get; init; } = n => n % 2 == 1 ? "8517130000" : "847130";
        public string ImporterName { get; init; } = "Holland Trading B.V.";
        public int Quantity { get; init; } = 10;
        /// <summary>Changes the segments before UNT is counted (to plant a bad segment).</summary>
        public Func<List<string>, List<string>>? Edit { get; init; }
    }

    public static List<string> Segments(Message m, SenderStyle style)
    {
        string T(string s) => style.Syntax == "UNOA" ? s.ToUpperInvariant() : s;
        var s = new List<string>
        {
            $"UNH+{m.Reference}+CUSDEC:D:{style.Version}:UN",
            $"BGM+929+{m.Number}+{m.Function}",
            "DTM+137:20250314:102",
            "LOC+22+NL000396", "LOC+27+CN", "LOC+35+CN", "LOC+28+NL", "LOC+9+CNSZX", "LOC+11+NLRTM",
            "NAD+DT+NL123456789",
            T($"NAD+IM+NL987654321++{m.ImporterName}+Havenstraat 1+Rotterdam++3011+NL"),
            T("NAD+EX+CN9113000071++Shenzhen Bright Electronics Co.+Nanshan+Shenzhen+++CN"),
            "TDT+20+V123+1+++++IMO9074729",
            $"MOA+39:{1000 * m.Items}:EUR",
            $"MOA+40:{1100 * m.Items}:EUR",
            "UNS+D",
        };
        for (var i = 1; i <= m.Items; i++)
        {
            s.Add($"CST+{i}+{m.Tariff(i)}");
            s.Add(T($"FTX+AAA+++{(i % 2 == 1 ? "Smartphones" : "Laptop computers")}"));
            s.Add($"MEA+AAR++PCE:{m.Quantity * i}");
            s.Add("MEA+WT+G+KGM:25");
            s.Add("MEA+WT+AAF+KGM:20");
            s.Add("MOA+38:1000");
            s.Add("MOA+40:1100");
            s.Add("TAX+7+VAT");
            s.Add("MOA+124:231");
        }
        s.Add("UNS+S");
        s.Add($"CNT+5:{m.Items}");
        if (m.Edit is not null)
        {
            s = m.Edit(s);
        }
        s.Add($"UNT+{s.Count + 1}+{m.Reference}");
        return s;
    }

    public static string Interchange(string reference, SenderStyle style, Message first, Message? second = null, Message? third = null)
    {
        var messages = new[] { first, second, third }.OfType<Message>().ToArray();
        var segments = new List<string>
        {
            $"UNB+{style.Syntax}:3+NL123456789:ZZZ+NCA:ZZZ+250314:1200+{reference}",
        };
        foreach (var m in messages)
        {
            segments.AddRange(Segments(m, style));
        }
        segments.Add($"UNZ+{messages.Length}+{reference}");
        return Write(segments, style);
    }

    public static string Write(IEnumerable<string> segments, SenderStyle style)
    {
        var text = new StringBuilder();
        if (style.ServiceStringAdvice)
        {
            text.Append("UNA:+.? '").Append(style.SegmentPerLine ? "\n" : "");
        }
        foreach (var segment in segments)
        {
            text.Append(segment).Append('\'');
            if (style.SegmentPerLine)
            {
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    public static Stream Stream(string text, SenderStyle style)
        => new MemoryStream(style.Syntax == "UNOC" ? Encoding.Latin1.GetBytes(text) : Encoding.ASCII.GetBytes(text));

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
