using System.Globalization;
using System.Text.RegularExpressions;
using Cordon.Common;
using Cordon.Reference;
using Cordon.Sharing;

namespace Cordon.Declarations;

/// <summary>A declaration that passed validation: normalised input plus the parsed values.</summary>
public sealed record ValidDeclaration(
    DeclarationInput Input,
    DeclarationKind Kind,
    DateOnly LodgedOn,
    TransportMode? TransportMode,
    Tlp Marking,
    OpaqueCodes Opaque,
    bool Research);

/// <summary>
/// Checks one declaration field by field and says what is wrong where (field paths such as
/// <c>items[2].hsCode</c>). Normalises as it goes (trimmed text, upper-case codes, HS codes without dots)
/// so that the same declaration written two ways hashes the same.
/// </summary>
public static partial class DeclarationValidation
{
    /// <summary>Tolerance between item values and declared totals: the larger of 1 unit and 0.5 %.</summary>
    public const decimal TotalsToleranceRatio = 0.005m;

    public static readonly DateOnly Earliest = new(1990, 1, 1);

    private static readonly System.Buffers.SearchValues<char> ControlCharacters =
        System.Buffers.SearchValues.Create(Enumerable.Range(0, 32).Where(c => c != '\t').Select(c => (char)c).Append('\u007f').ToArray());

    public static ValidDeclaration? Validate(DeclarationInput input, RecordErrors errors, DateOnly today)
    {
        var research = Normalise(input.Layout)?.ToLowerInvariant() switch
        {
            null or "full" => false,
            "research" => true,
            var other => Fail(errors, "layout", $"'{other}' is not a layout: use full or research."),
        };
        input.Layout = research ? "research" : null;
        var opaque = OpaqueCodes.None;
        var kind = Kind(input, research, errors);
        input.Number = Code(input.Number, "number", DeclarationLimits.Number, errors, required: true);
        input.Declarant = Code(input.Declarant, "declarant", DeclarationLimits.Code, errors, required: true);
        if (IsOpaque(input.Declarant))
        {
            opaque |= OpaqueCodes.Declarant;
        }
        Office(input, errors, ref opaque);
        var lodgedOn = LodgedOn(input, errors, today);
        var mode = Mode(input, research, errors);
        input.Conveyance = Conveyance(input.Conveyance, mode, "conveyance", errors);

        input.Importer = Party(input.Importer, "importer", errors, required: !research && kind == DeclarationKind.Import, ref opaque, OpaqueCodes.Importer, research);
        input.Exporter = Party(input.Exporter, "exporter", errors, required: !research && kind == DeclarationKind.Export, ref opaque, OpaqueCodes.Exporter, research);
        input.Consignee = Party(input.Consignee, "consignee", errors, required: false, ref opaque, OpaqueCodes.Consignee, research);
        if (research && input.Importer?.Id is null)
        {
            errors.Add("importer.id", "is required.");
        }

        input.OriginCountry = Country(input.OriginCountry, "originCountry", errors, required: true, ref opaque, OpaqueCodes.OriginCountry);
        input.ExportCountry = Country(input.ExportCountry, "exportCountry", errors, required: false, ref opaque, OpaqueCodes.ExportCountry);
        input.DestinationCountry = Country(input.DestinationCountry, "destinationCountry", errors, required: false, ref opaque, OpaqueCodes.DestinationCountry);
        input.PortOfLoading = Locode(input.PortOfLoading, "portOfLoading", mode, errors);
        input.PortOfDischarge = Locode(input.PortOfDischarge, "portOfDischarge", mode, errors);
        Currency(input, research, errors);

        var marking = Tlp.Amber;
        if (Normalise(input.Marking) is { } markingText)
        {
            if (!TryMarking(markingText, out marking))
            {
                errors.Add("marking", $"'{Clip(markingText)}' is not a TLP marking: use clear, green, amber, amber-strict or red.");
            }
        }
        input.Marking = marking == Tlp.Amber ? null : MarkingName(marking);

        NonNegative(input.TotalFob, "totalFob", errors);
        NonNegative(input.TotalCif, "totalCif", errors);
        Items(input, kind, research, errors);
        if (input.Outcome is { } outcome)
        {
            NonNegative(outcome.Revenue, "outcome.revenue", errors);
        }
        return errors.Any ? null : new ValidDeclaration(input, kind, lodgedOn, mode, marking, opaque, research);
    }

    /// <summary>Import, export or transit (written back in lower case); the research layout may leave it out (import).</summary>
    private static DeclarationKind Kind(DeclarationInput input, bool research, RecordErrors errors)
    {
        var kindText = Normalise(input.Kind)?.ToLowerInvariant();
        var kind = DeclarationKind.Import;
        if (kindText is null)
        {
            if (!research)
            {
                errors.Add("kind", "is required: import, export or transit.");
            }
        }
        else if (!EnumText.TryParse(kindText, out kind))
        {
            errors.Add("kind", $"'{Clip(kindText)}' is not a declaration kind: use import, export or transit.");
        }
        input.Kind = (kindText is null ? DeclarationKind.Import : kind).ToString().ToLowerInvariant();
        return kind;
    }

    /// <summary>A customs office reference (ISO country + 6 characters), or an opaque code.</summary>
    private static void Office(DeclarationInput input, RecordErrors errors, ref OpaqueCodes opaque)
    {
        input.Office = Code(input.Office, "office", DeclarationLimits.Code, errors, required: true);
        if (input.Office is not { } office)
        {
            return;
        }
        if (IsOpaque(office))
        {
            opaque |= OpaqueCodes.Office;
        }
        else if (!OfficeFormat().IsMatch(office) || ReferenceData.Instance.Countries.ByAlpha2(office[..2]) is null)
        {
            errors.Add("office", $"'{office}' is not a customs office reference (ISO country + 6 characters, e.g. NL000396).");
        }
    }

    /// <summary>A yyyy-MM-dd date from <see cref="Earliest"/> to tomorrow.</summary>
    private static DateOnly LodgedOn(DeclarationInput input, RecordErrors errors, DateOnly today)
    {
        var lodgedOn = default(DateOnly);
        input.LodgedOn = Normalise(input.LodgedOn);
        if (input.LodgedOn is null)
        {
            errors.Add("lodgedOn", "is required (yyyy-MM-dd).");
        }
        else if (!DateOnly.TryParseExact(input.LodgedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out lodgedOn))
        {
            errors.Add("lodgedOn", $"'{Clip(input.LodgedOn)}' is not a date (yyyy-MM-dd).");
        }
        else if (lodgedOn < Earliest || lodgedOn > today.AddDays(1))
        {
            errors.Add("lodgedOn", $"{input.LodgedOn} is not plausible: it must lie between {Earliest:yyyy-MM-dd} and tomorrow.");
        }
        return lodgedOn;
    }

    /// <summary>The transport mode (its name written back); the research layout may leave it out.</summary>
    private static TransportMode? Mode(DeclarationInput input, bool research, RecordErrors errors)
    {
        var modeText = Normalise(input.TransportMode);
        if (modeText is null)
        {
            if (!research)
            {
                errors.Add("transportMode", "is required.");
            }
            return null;
        }
        if (EnumText.TryParse<TransportMode>(modeText, out var m))
        {
            input.TransportMode = ModeName(m);
            return m;
        }
        errors.Add("transportMode", $"'{Clip(modeText)}' is not a transport mode: use sea, rail, road, air, post, fixed-installation or inland-waterway.");
        return null;
    }

    /// <summary>A current ISO 4217 currency (upper case); the research layout may leave it out.</summary>
    private static void Currency(DeclarationInput input, bool research, RecordErrors errors)
    {
        input.Currency = Normalise(input.Currency)?.ToUpperInvariant();
        if (input.Currency is null)
        {
            if (!research)
            {
                errors.Add("currency", "is required (ISO 4217, e.g. EUR).");
            }
        }
        else if (!ReferenceData.Instance.Currencies.IsCurrent(input.Currency))
        {
            errors.Add("currency", $"'{Clip(input.Currency)}' is not a current ISO 4217 currency.");
        }
    }

    private static void Items(DeclarationInput input, DeclarationKind kind, bool research, RecordErrors errors)
    {
        var hs = ReferenceData.Instance.Hs;
        if (input.Items is not { Count: > 0 } items)
        {
            errors.Add("items", "at least one item is required.");
            return;
        }
        if (items.Count > DeclarationLimits.MaxItems)
        {
            errors.Add("items", $"{items.Count} items: at most {DeclarationLimits.MaxItems} per declaration.");
            return;
        }
        decimal sumFob = 0, sumCif = 0;
        bool allFob = true, allCif = true;
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"items[{i}]";
            var item = items[i];
            if (item is null)
            {
                errors.Add(path, "is empty.");
                continue;
            }
            var code = Normalise(item.HsCode)?.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            item.HsCode = code;
            if (code is null)
            {
                errors.Add(Path(path, "hsCode"), "is required.");
            }
            else if (code.Length is < 6 or > 10 || !code.All(char.IsAsciiDigit))
            {
                errors.Add(Path(path, "hsCode"), $"'{Clip(code)}' is not an HS code: 6 to 10 digits.");
            }
            else if (!hs.IsValidTariffCode(code))
            {
                errors.Add(Path(path, "hsCode"), $"{code[..6]} is not an HS 2022 subheading.");
            }
            item.Description = Text(item.Description, path, "description", DeclarationLimits.Description, errors, required: !research);
            item.Unit = Normalise(item.Unit)?.ToLowerInvariant();
            if (item.Unit is { Length: > 8 })
            {
                errors.Add(Path(path, "unit"), $"'{Clip(item.Unit)}' is too long (at most 8 characters).");
            }
            if (item.Quantity is null && !research)
            {
                errors.Add(Path(path, "quantity"), "is required.");
            }
            else if (item.Quantity is { } q && (q < 0 || (q == 0 && !research)))
            {
                errors.Add(Path(path, "quantity"), $"{q} is not a quantity: it must be greater than zero.");
            }
            if (item.Quantity is not null && item.Unit is null && !research)
            {
                errors.Add(Path(path, "unit"), "is required with a quantity.");
            }
            NonNegative(item.GrossKg, path, "grossKg", errors);
            NonNegative(item.NetKg, path, "netKg", errors);
            NonNegative(item.Fob, path, "fob", errors);
            NonNegative(item.Cif, path, "cif", errors);
            NonNegative(item.Duties, path, "duties", errors);
            NonNegative(item.Taxes, path, "taxes", errors);
            if (!research)
            {
                if (item.GrossKg is null)
                {
                    errors.Add(Path(path, "grossKg"), "is required.");
                }
                if (item.NetKg is { } net && item.GrossKg is { } gross && net > gross)
                {
                    errors.Add(Path(path, "netKg"), $"net mass {net} kg exceeds gross mass {gross} kg.");
                }
                if (kind == DeclarationKind.Import && item.Cif is null)
                {
                    errors.Add(Path(path, "cif"), "is required on an import (the customs value).");
                }
                if (kind != DeclarationKind.Import && item.Fob is null)
                {
                    errors.Add(Path(path, "fob"), "is required on an export or transit.");
                }
                if (item.Fob is { } fob && item.Cif is { } cif && cif < fob)
                {
                    errors.Add(Path(path, "cif"), $"CIF {cif} is below FOB {fob}: CIF adds freight and insurance to FOB.");
                }
            }
            allFob &= item.Fob is not null;
            allCif &= item.Cif is not null;
            sumFob += item.Fob ?? 0;
            sumCif += item.Cif ?? 0;
        }
        Total(input.TotalFob, allFob ? sumFob : null, "totalFob", "FOB", errors);
        Total(input.TotalCif, allCif ? sumCif : null, "totalCif", "CIF", errors);
    }

    private static void Total(decimal? declared, decimal? sum, string field, string label, RecordErrors errors)
    {
        if (declared is not { } total || total < 0)
        {
            return;
        }
        if (sum is null)
        {
            errors.Add(field, $"a total {label} is declared but not every item has a {label} value.");
            return;
        }
        var tolerance = Math.Max(1m, total * TotalsToleranceRatio);
        if (Math.Abs(sum.Value - total) > tolerance)
        {
            errors.Add(field, $"total {label} {total} differs from the sum of the items' {label} {sum.Value} by more than {tolerance:0.##}.");
        }
    }

    // --- field helpers -------------------------------------------------------------------------

    /// <summary>Trimmed text, or null when blank.</summary>
    public static string? Normalise(string? s)
    {
        if (s is null)
        {
            return null;
        }
        var t = s.Trim();
        return t.Length == 0 ? null : t;
    }

    /// <summary>Anonymised research codes: a known prefix then digits (CNTRY680, OFFICE92, IMP826164, DEC1234).</summary>
    public static bool IsOpaque(string? code) => code is not null && OpaqueFormat().IsMatch(code);

    internal static string? Code(string? value, string field, int max, RecordErrors errors, bool required)
    {
        var code = Normalise(value)?.ToUpperInvariant();
        if (code is null)
        {
            if (required)
            {
                errors.Add(field, "is required.");
            }
            return null;
        }
        if (code.Length > max)
        {
            errors.Add(field, $"is {code.Length} characters long: at most {max}.");
        }
        else if (!CodeFormat().IsMatch(code))
        {
            errors.Add(field, $"'{Clip(code)}' has characters an identifier cannot have (letters, digits, - / . only).");
        }
        return code;
    }

    internal static string? Text(string? value, string field, int max, RecordErrors errors, bool required) => Text(value, "", field, max, errors, required);

    internal static string? Text(string? value, string prefix, string name, int max, RecordErrors errors, bool required)
    {
        var text = Normalise(value);
        if (text is null)
        {
            if (required)
            {
                errors.Add(Path(prefix, name), "is required.");
            }
            return null;
        }
        if (text.Length > max)
        {
            errors.Add(Path(prefix, name), $"is {text.Length:N0} characters long: at most {max}.");
        }
        else if (text.AsSpan().ContainsAny(ControlCharacters))
        {
            errors.Add(Path(prefix, name), "contains control characters (line breaks are not allowed).");
        }
        return text;
    }

    internal static string? Country(string? value, string field, RecordErrors errors, bool required, ref OpaqueCodes opaque, OpaqueCodes flag)
    {
        var code = Normalise(value)?.ToUpperInvariant();
        if (code is null)
        {
            if (required)
            {
                errors.Add(field, "is required (ISO 3166-1 alpha-2).");
            }
            return null;
        }
        if (IsOpaque(code) && code.Length <= DeclarationLimits.Code)
        {
            opaque |= flag;
        }
        else if (ReferenceData.Instance.Countries.ByAlpha2(code) is null)
        {
            errors.Add(field, $"'{Clip(code)}' is not an ISO 3166-1 alpha-2 country code.");
        }
        return code;
    }

    private static PartyInput? Party(PartyInput? party, string field, RecordErrors errors, bool required, ref OpaqueCodes opaque, OpaqueCodes flag, bool research)
    {
        if (party is null)
        {
            if (required)
            {
                errors.Add(field, "is required.");
            }
            return null;
        }
        party.Id = Code(party.Id, $"{field}.id", DeclarationLimits.Code, errors, required: false);
        if (IsOpaque(party.Id))
        {
            opaque |= flag;
        }
        party.Name = Text(party.Name, $"{field}.name", DeclarationLimits.Name, errors, required: required && !research);
        party.Address = Text(party.Address, $"{field}.address", DeclarationLimits.Address, errors, required: false);
        var ignored = OpaqueCodes.None;
        party.Country = Country(party.Country, $"{field}.country", errors, required: required && !research, ref ignored, OpaqueCodes.None);
        if (party.Id is null && party.Name is null && party.Address is null && party.Country is null)
        {
            if (required)
            {
                errors.Add(field, "is required.");
            }
            return null;
        }
        if (party.Id is null && party.Name is null)
        {
            errors.Add($"{field}.name", "a party needs an identifier or a name.");
        }
        return party;
    }

    private static string? Locode(string? value, string field, TransportMode? mode, RecordErrors errors)
    {
        var code = Normalise(value)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (code is null)
        {
            return null;
        }
        if (!LocodeFormat().IsMatch(code) || ReferenceData.Instance.Countries.ByAlpha2(code[..2]) is null)
        {
            errors.Add(field, $"'{Clip(code)}' is not a UN/LOCODE (ISO country + 3 characters, e.g. NLRTM).");
        }
        else if (mode == Declarations.TransportMode.Sea && ReferenceData.Instance.Ports.Find(code) is null)
        {
            // Only sea ports are in the reference table; other locations are checked for form only.
            errors.Add(field, $"{code} is not a known sea port (UN/LOCODE) for a sea crossing.");
        }
        return code;
    }

    internal static string? Conveyance(string? value, TransportMode? mode, string field, RecordErrors errors)
    {
        var text = Normalise(value)?.ToUpperInvariant();
        if (text is null)
        {
            return null;
        }
        if (text.Length > DeclarationLimits.Code)
        {
            errors.Add(field, $"is {text.Length} characters long: at most {DeclarationLimits.Code}.");
            return text;
        }
        switch (mode)
        {
            case Declarations.TransportMode.Sea or Declarations.TransportMode.InlandWaterway:
                var imo = text.StartsWith("IMO", StringComparison.Ordinal) ? text[3..].Trim() : text;
                if (!CheckDigits.IsValidImoNumber(imo))
                {
                    if (imo.Length == 7 && imo.All(char.IsAsciiDigit))
                    {
                        errors.Add(field, $"IMO number {imo} fails its check digit.");
                    }
                    else
                    {
                        errors.Add(field, $"'{Clip(text)}' is not an IMO ship number (IMO + 7 digits).");
                    }
                }
                return "IMO" + imo;
            case Declarations.TransportMode.Air:
                var flight = text.Replace(" ", "", StringComparison.Ordinal);
                if (!FlightFormat().IsMatch(flight))
                {
                    errors.Add(field, $"'{Clip(text)}' is not a flight number (airline code + 1–4 digits, e.g. KL1234).");
                }
                return flight;
            default:
                if (!VehicleFormat().IsMatch(text))
                {
                    errors.Add(field, $"'{Clip(text)}' is not a registration or train number (letters, digits, spaces, dashes).");
                }
                return text;
        }
    }

    internal static void NonNegative(decimal? value, string field, RecordErrors errors) => NonNegative(value, "", field, errors);

    /// <summary>The field path (prefix.name) is only built when there is an error: this runs millions of times.</summary>
    internal static void NonNegative(decimal? value, string prefix, string name, RecordErrors errors)
    {
        if (value is < 0)
        {
            errors.Add(Path(prefix, name), $"{value} is negative.");
        }
        else if (value is > 1_000_000_000_000m)
        {
            errors.Add(Path(prefix, name), $"{value} is implausibly large.");
        }
    }

    internal static string Path(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public static bool TryMarking(string text, out Tlp marking) => TlpText.TryParse(text, out marking);

    public static string MarkingName(Tlp marking) => marking switch
    {
        Tlp.AmberStrict => "amber-strict",
        _ => marking.ToString().ToLowerInvariant(),
    };

    public static string ModeName(TransportMode mode) => mode switch
    {
        Declarations.TransportMode.FixedInstallation => "fixed-installation",
        Declarations.TransportMode.InlandWaterway => "inland-waterway",
        _ => mode.ToString().ToLowerInvariant(),
    };

    /// <summary>Quotes at most 40 characters of a bad value back, so a 10 MB field does not become a 10 MB message.</summary>
    public static string Clip(string s) => s.Length <= 40 ? s : s[..37] + "…";

    private static bool Fail(RecordErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return false;
    }

    [GeneratedRegex(@"^(CNTRY|COUNTRY|OFFICE|IMP|IMPORTER|EXP|EXPORTER|DEC|DECL|DECLARANT|CNEE|CONSIGNEE)\d{1,12}$")]
    private static partial Regex OpaqueFormat();

    [GeneratedRegex(@"^[A-Z]{2}[A-Z0-9]{6}$")]
    private static partial Regex OfficeFormat();

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9\-/\.]*$")]
    private static partial Regex CodeFormat();

    [GeneratedRegex(@"^[A-Z]{2}[A-Z2-9]{3}$")]
    private static partial Regex LocodeFormat();

    [GeneratedRegex(@"^([A-Z]{2}|[A-Z][0-9]|[0-9][A-Z])[0-9]{1,4}[A-Z]?$")]
    private static partial Regex FlightFormat();

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9 \-]{0,19}$")]
    private static partial Regex VehicleFormat();
}

/// <summary>Field errors of one record (field path → messages), in the order found.</summary>
public sealed class RecordErrors
{
    // Created on the first error: almost every record has none, and millions pass through intake.
    private Dictionary<string, List<Wording>>? _errors;

    public bool Any => _errors is { Count: > 0 };

    public void Add(string field, Wording message)
    {
        _errors ??= new Dictionary<string, List<Wording>>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        if (list.Count < 5)
        {
            list.Add(message);
        }
    }

    /// <summary>Each field's messages in English, as the API answers them.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => _errors is null ? new Dictionary<string, string[]>() : _errors.ToDictionary(e => e.Key, e => e.Value.Select(w => w.ToString()).ToArray(), StringComparer.Ordinal);

    /// <summary>Each field's messages as quarantine keeps them: templates and arguments (<see cref="StoredWordings"/>), so pages say them in the reader's language.</summary>
    public string ToStored() => StoredWordings.Write(_errors ?? []);

    /// <summary>Adds every message of <paramref name="other"/> (a declaration's lines' errors, gathered before the record).</summary>
    public void AddAll(RecordErrors other)
    {
        foreach (var (field, messages) in other._errors ?? [])
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary>The refusal of a record given at once (not quarantined): its messages stay translatable.</summary>
    public ValidationFailed ToRefusal()
        => new(_errors is null ? new Dictionary<string, Wording[]>() : _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    public void Clear() => _errors?.Clear();
}
