using System.Globalization;
using Cordon.Reference;

namespace Cordon.Travellers;

/// <summary>The ICAO Doc 9303 formats of a machine-readable zone.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MrzFormat>))]
public enum MrzFormat
{
    /// <summary>Card, three lines of 30 (Part 5).</summary>
    Td1,
    /// <summary>Card or official travel document, two lines of 36 (Part 6).</summary>
    Td2,
    /// <summary>Passport booklet, two lines of 44 (Part 4).</summary>
    Td3,
    /// <summary>Visa, full size: two lines of 44 (Part 7).</summary>
    MrvA,
    /// <summary>Visa, small: two lines of 36 (Part 7).</summary>
    MrvB,
}

/// <summary>A field of the zone that did not pass: which field, and why.</summary>
public sealed record MrzProblem(string Field, string Message);

/// <summary>
/// A machine-readable zone read field by field. <see cref="Problems"/> names every check digit that fails
/// (7-3-1 weights) and every code that is not an ICAO/ISO state; a zone with problems is still read, so
/// the officer sees what it says beside why it does not add up.
/// </summary>
public sealed record MachineReadableZone(
    MrzFormat Format, string DocumentCode, string IssuingState, string Surname, string GivenNames, string DocumentNumber, string Nationality,
    DateOnly? BirthDate, string Sex, DateOnly? ExpiryDate, string OptionalData, string? OptionalData2, IReadOnlyList<MrzProblem> Problems)
{
    public bool Valid => Problems.Count == 0;

    /// <summary>P (passport), V (visa), I/A/C (identity cards and official documents): the first letter of the document code.</summary>
    public string DocumentType => DocumentCode[..1];
}

/// <summary>
/// Reads the text of a machine-readable zone (two or three lines, as pasted from a reader or typed) per
/// ICAO Doc 9303, 8th edition: TD1, TD2, TD3 and the visas MRV-A/MRV-B, every check digit verified.
/// </summary>
public static class MrzReader
{
    /// <summary>Codes of Doc 9303 Part 3 that are not ISO 3166-1 alpha-3 states.</summary>
    private static readonly Dictionary<string, string> IcaoCodes = new(StringComparer.Ordinal)
    {
        ["D"] = "Germany", ["GBD"] = "British Overseas Territories citizen", ["GBN"] = "British National (Overseas)", ["GBO"] = "British Overseas citizen",
        ["GBP"] = "British protected person", ["GBS"] = "British subject", ["EUE"] = "European Union", ["UNO"] = "United Nations Organization",
        ["UNA"] = "specialized agency of the United Nations", ["UNK"] = "UN Interim Administration Mission in Kosovo", ["RKS"] = "Kosovo",
        ["XBA"] = "African Development Bank", ["XIM"] = "African Export–Import Bank", ["XCC"] = "Caribbean Community", ["XCE"] = "Council of Europe",
        ["XCO"] = "Common Market for Eastern and Southern Africa", ["XEC"] = "Economic Community of West African States", ["XPO"] = "INTERPOL",
        ["XES"] = "Organisation of Eastern Caribbean States", ["XMP"] = "Parliamentary Assembly of the Mediterranean", ["XOM"] = "Sovereign Military Order of Malta",
        ["XDC"] = "Southern African Development Community", ["XXA"] = "stateless person", ["XXB"] = "refugee (1951 Convention)",
        ["XXC"] = "refugee (other)", ["XXX"] = "unspecified nationality",
        // Doc 9303's fictitious issuer: its specimens (used in testing and training) carry it.
        ["UTO"] = "Utopia (ICAO specimen)",
    };

    /// <summary>Doc 9303 Part 3 §4.9: weights 7, 3, 1 repeated; digits as themselves, A–Z as 10–35, the filler '&lt;' as 0.</summary>
    public static int CheckDigit(ReadOnlySpan<char> field)
    {
        ReadOnlySpan<int> weights = [7, 3, 1];
        var sum = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            var value = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10,
                '<' => 0,
                _ => throw new ArgumentException($"'{c}' is not a machine-readable zone character.", nameof(field)),
            };
            sum += value * weights[i % 3];
        }
        return sum % 10;
    }

    /// <summary>Whether an ICAO/ISO code names a state, organisation or status Doc 9303 allows.</summary>
    public static bool IsKnownState(string code) => IcaoCodes.ContainsKey(code) || ReferenceData.Instance.Countries.ByAlpha3(code) is not null;

    public static MachineReadableZone Read(string text, DateOnly today)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).Where(l => l.Length > 0).ToArray();
        var shape = string.Join(" + ", lines.Select(l => l.Length));
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var bad = line.FirstOrDefault(c => c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '<'));
            if (bad != default(char))
            {
                throw new MrzFormatException($"line {i + 1} holds '{bad}': a machine-readable zone has only A–Z, 0–9 and '<'.");
            }
        }
        return (lines.Length, lines.FirstOrDefault()?.Length, lines.FirstOrDefault()?[0]) switch
        {
            (3, 30, _) when lines.All(l => l.Length == 30) => Td1(lines, today),
            (2, 36, 'V') when lines[1].Length == 36 => Visa(lines, MrzFormat.MrvB, today),
            (2, 44, 'V') when lines[1].Length == 44 => Visa(lines, MrzFormat.MrvA, today),
            (2, 36, _) when lines[1].Length == 36 => Td2(lines, today),
            (2, 44, _) when lines[1].Length == 44 => Td3(lines, today),
            _ => throw new MrzFormatException($"lines of {(lines.Length == 0 ? "nothing" : shape)} characters are not a machine-readable zone: TD1 is 3 lines of 30, TD2 and MRV-B 2 of 36, TD3 and MRV-A 2 of 44."),
        };
    }

    private static MachineReadableZone Td3(string[] l, DateOnly today)
    {
        var problems = new List<MrzProblem>();
        var (surname, given) = Name(l[0][5..44]);
        var number = Check(l[1][..9], l[1][9], "document number", problems);
        var birth = Date(l[1][13..19], l[1][19], "date of birth", true, today, problems);
        var expiry = Date(l[1][21..27], l[1][27], "date of expiry", false, today, problems);
        var personal = l[1][28..42];
        // An empty personal number may carry '<' or '0' as its check digit (Part 4 §4.2.2.2).
        if (!(personal.All(c => c == '<') && l[1][42] is '<' or '0'))
        {
            Check(personal, l[1][42], "personal number", problems);
        }
        Composite(l[1][..10] + l[1][13..20] + l[1][21..43], l[1][43], problems);
        return Zone(MrzFormat.Td3, l[0][..2], l[0][2..5], surname, given, number, l[1][10..13], birth, l[1][20], expiry, personal, null, problems);
    }

    private static MachineReadableZone Td2(string[] l, DateOnly today)
    {
        var problems = new List<MrzProblem>();
        var (surname, given) = Name(l[0][5..36]);
        var optional = l[1][28..35];
        var number = LongNumber(l[1][..9], l[1][9], ref optional, problems);
        var birth = Date(l[1][13..19], l[1][19], "date of birth", true, today, problems);
        var expiry = Date(l[1][21..27], l[1][27], "date of expiry", false, today, problems);
        Composite(l[1][..10] + l[1][13..20] + l[1][21..35], l[1][35], problems);
        return Zone(MrzFormat.Td2, l[0][..2], l[0][2..5], surname, given, number, l[1][10..13], birth, l[1][20], expiry, optional, null, problems);
    }

    private static MachineReadableZone Td1(string[] l, DateOnly today)
    {
        var problems = new List<MrzProblem>();
        var optional = l[0][15..30];
        var number = LongNumber(l[0][5..14], l[0][14], ref optional, problems);
        var birth = Date(l[1][..6], l[1][6], "date of birth", true, today, problems);
        var expiry = Date(l[1][8..14], l[1][14], "date of expiry", false, today, problems);
        Composite(l[0][5..30] + l[1][..7] + l[1][8..15] + l[1][18..29], l[1][29], problems);
        var (surname, given) = Name(l[2]);
        return Zone(MrzFormat.Td1, l[0][..2], l[0][2..5], surname, given, number, l[1][15..18], birth, l[1][7], expiry, optional, Filler(l[1][18..29]), problems);
    }

    private static MachineReadableZone Visa(string[] l, MrzFormat format, DateOnly today)
    {
        var problems = new List<MrzProblem>();
        var (surname, given) = Name(l[0][5..]);
        var number = Check(l[1][..9], l[1][9], "document number", problems);
        var birth = Date(l[1][13..19], l[1][19], "date of birth", true, today, problems);
        var expiry = Date(l[1][21..27], l[1][27], "date of expiry", false, today, problems);
        // Visas carry no composite check digit (Part 7).
        return Zone(format, l[0][..2], l[0][2..5], surname, given, number, l[1][10..13], birth, l[1][20], expiry, l[1][28..], null, problems);
    }

    private static MachineReadableZone Zone(MrzFormat format, string code, string state, string surname, string given, string number, string nationality,
        DateOnly? birth, char sex, DateOnly? expiry, string optional, string? optional2, List<MrzProblem> problems)
    {
        state = Filler(state);
        nationality = Filler(nationality);
        if (!IsKnownState(state))
        {
            problems.Add(new MrzProblem("issuing state", $"'{state}' is not an ICAO or ISO 3166-1 alpha-3 code."));
        }
        if (!IsKnownState(nationality))
        {
            problems.Add(new MrzProblem("nationality", $"'{nationality}' is not an ICAO or ISO 3166-1 alpha-3 code."));
        }
        if (sex is not ('M' or 'F' or '<' or 'X'))
        {
            problems.Add(new MrzProblem("sex", $"'{sex}' is not M, F or < (unspecified)."));
        }
        return new MachineReadableZone(format, Filler(code), state, surname, given, number, nationality, birth, sex == '<' ? "X" : sex.ToString(),
            expiry, Filler(optional), optional2, problems);
    }

    private static string Check(string field, char digit, string name, List<MrzProblem> problems)
    {
        if (digit is < '0' or > '9' || CheckDigit(field) != digit - '0')
        {
            problems.Add(new MrzProblem(name, $"check digit '{digit}' does not match {Filler(field)} (expected {CheckDigit(field)})."));
        }
        return Filler(field);
    }

    /// <summary>A number longer than nine: '&lt;' in the check position, the rest in the optional data up to its own check digit (Part 5 §4.2.4, Part 6).</summary>
    private static string LongNumber(string first, char digit, ref string optional, List<MrzProblem> problems)
    {
        if (digit != '<')
        {
            return Check(first, digit, "document number", problems);
        }
        var end = optional.IndexOf('<');
        end = end < 0 ? optional.Length : end;
        if (end == 0)
        {
            problems.Add(new MrzProblem("document number", "the check digit position holds '<' but the optional data does not continue the number."));
            return Filler(first);
        }
        var rest = optional[..(end - 1)];
        var number = Check(first + rest, optional[end - 1], "document number", problems);
        optional = optional[end..];
        return number;
    }

    private static void Composite(string fields, char digit, List<MrzProblem> problems)
    {
        if (digit is < '0' or > '9' || CheckDigit(fields) != digit - '0')
        {
            problems.Add(new MrzProblem("composite", $"composite check digit '{digit}' does not match (expected {CheckDigit(fields)})."));
        }
    }

    private static DateOnly? Date(string yymmdd, char digit, string name, bool past, DateOnly today, List<MrzProblem> problems)
    {
        Check(yymmdd, digit, name, problems);
        if (!DateOnly.TryParseExact(yymmdd, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add(new MrzProblem(name, $"'{yymmdd}' is not a date (YYMMDD)."));
            return null;
        }
        return Century(date, past, today);
    }

    /// <summary>
    /// Two-digit years: a date of birth is the latest such date not after today; an expiry the one within
    /// fifty years before or after today (documents are valid for at most ten years).
    /// </summary>
    public static DateOnly Century(DateOnly date, bool past, DateOnly today)
    {
        var candidate = new DateOnly(today.Year / 100 * 100 + date.Year % 100, date.Month, Math.Min(date.Day, DateTime.DaysInMonth(today.Year / 100 * 100 + date.Year % 100, date.Month)));
        if (past)
        {
            return candidate > today ? candidate.AddYears(-100) : candidate;
        }
        return candidate.Year - today.Year > 50 ? candidate.AddYears(-100) : candidate.Year - today.Year < -50 ? candidate.AddYears(100) : candidate;
    }

    private static (string Surname, string Given) Name(string field)
    {
        var trimmed = field.TrimEnd('<');
        var split = trimmed.IndexOf("<<", StringComparison.Ordinal);
        return split < 0
            ? (trimmed.Replace('<', ' '), "")
            : (trimmed[..split].Replace('<', ' ').Trim(), trimmed[(split + 2)..].Replace('<', ' ').Trim());
    }

    private static string Filler(string s) => s.Replace('<', ' ').Trim();
}

/// <summary>Text that is not a machine-readable zone at all (wrong line lengths or characters).</summary>
public sealed class MrzFormatException(string message) : Exception(message);
