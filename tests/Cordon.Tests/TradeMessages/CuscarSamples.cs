using System.Globalization;
using Cordon.Declarations;
using Cordon.Tests.Support;

namespace Cordon.Tests.TradeMessages;

/// <summary>
/// CUSCAR interchanges written from the published segment layouts (D95B/D00B: BGM, DTM, LOC, NAD+CA, TDT with its
/// LOC and DTM, EQD/SEL, then a CNI group per bill with NAD, GID, FTX, MEA, PIA, SGP), so each test breaks only what it is about.
/// </summary>
internal static class CuscarSamples
{
    /// <summary>An ISO 6346 container number of the owner prefix and serial, with its check digit (or a wrong one).</summary>
    public static string Container(string owner, int serial, bool wrongCheckDigit = false)
    {
        var first10 = $"{owner}U{serial:D6}";
        var digit = CheckDigits.ContainerCheckDigit(first10);
        return first10 + ((wrongCheckDigit ? digit + 1 : digit) % 10).ToString(CultureInfo.InvariantCulture);
    }

    public sealed record Bill(string Reference, string Container, string Goods, string Hs, int Packages, string GrossKg);

    public static readonly DateTimeOffset Arrival = new(TestClock.Now.Date.AddDays(3).AddHours(14), TimeSpan.Zero);

    public static Bill[] Bills(bool badSecondContainer = false) =>
    [
        new("MAEU123456781", Container("MSC", 100001), "Smartphones", "851713", 120, "1850.5"),
        new("MAEU123456782", Container("MSC", 100002, badSecondContainer), "Laptop computers", "8471300000", 40, "620"),
        new("MAEU123456783", Container("MSC", 100003), "Cotton T-shirts", "610910", 300, "2400"),
    ];

    public static List<string> Segments(string reference, SenderStyle style, IReadOnlyList<Bill> bills)
    {
        string T(string s) => style.Syntax == "UNOA" ? s.ToUpperInvariant() : s;
        var version = style.Version == "96B" ? "95B" : "00B";
        var s = new List<string>
        {
            $"UNH+{reference}+CUSCAR:D:{version}:UN",
            "BGM+85+MAN2025031401+9",
            "DTM+137:202503140800:203",
            "LOC+22+NL000396",
            T("NAD+CA+NL555666777++Maersk Line"),
            "TDT+20+V123E+1++MAEU:172+++IMO9074729",
            "LOC+9+CNSHA",
            "LOC+11+NLRTM",
            $"DTM+132:{Arrival.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}:203",
        };
        foreach (var (b, i) in bills.Select((b, i) => (b, i)))
        {
            s.Add($"EQD+CN+{b.Container}+22G1:102:5++3+5");
            s.Add("MEA+AAE+G+KGM:2200");
            s.Add($"SEL+SL{i + 1:D6}+CA");
        }
        foreach (var (b, i) in bills.Select((b, i) => (b, i)))
        {
            s.Add($"CNI+{i + 1}+{b.Reference}");
            s.Add(T("NAD+CZ+++Shenzhen Bright Electronics Co.+Nanshan+Shenzhen+++CN"));
            s.Add(T("NAD+CN+NL987654321++Holland Trading B.V.+Havenstraat 1+Rotterdam++3011+NL"));
            s.Add(T("NAD+N1+++Rotterdam Forwarding"));
            s.Add($"GID+1+{b.Packages}:CT");
            s.Add(T($"FTX+AAA+++{b.Goods}"));
            s.Add($"MEA+WT+G+KGM:{b.GrossKg}");
            s.Add($"PIA+5+{b.Hs}:HS");
            s.Add($"SGP+{b.Container}+{b.Packages}");
        }
        s.Add($"UNT+{s.Count + 1}+{reference}");
        return s;
    }

    /// <summary>An interchange of a carrier (UNB sender NL555666777) with one CUSCAR, optionally after a CUSDEC.</summary>
    public static string Interchange(string reference, SenderStyle style, IReadOnlyList<Bill> bills, CusdecSamples.Message? declaration = null)
    {
        var segments = new List<string> { $"UNB+{style.Syntax}:3+NL555666777:ZZZ+NCA:ZZZ+250314:1200+{reference}" };
        if (declaration is not null)
        {
            segments.AddRange(CusdecSamples.Segments(declaration, style));
        }
        segments.AddRange(Segments("CAR1", style, bills));
        segments.Add($"UNZ+{(declaration is null ? 1 : 2)}+{reference}");
        return CusdecSamples.Write(segments, style);
    }
}
