using System.Globalization;
using Cordon.Common;
using Cordon.Reference;
using Cordon.Sharing;

namespace Cordon.Declarations;

public sealed record ValidConsignment(ConsignmentInput Input, DateTimeOffset ExpectedArrival, TransportMode TransportMode, Tlp Marking);

/// <summary>Checks a pre-arrival consignment field by field, like <see cref="DeclarationValidation"/>.</summary>
public static class ConsignmentValidation
{
    public static ValidConsignment? Validate(ConsignmentInput input, RecordErrors errors, DateTimeOffset now)
    {
        input.Office = DeclarationValidation.Code(input.Office, "office", DeclarationLimits.Code, errors, required: true);
        input.Filer = DeclarationValidation.Code(input.Filer, "filer", DeclarationLimits.Code, errors, required: true);
        input.Reference = DeclarationValidation.Code(input.Reference, "reference", DeclarationLimits.Number, errors, required: true);
        input.Consignor = Party(input.Consignor, "consignor", errors);
        input.Consignee = Party(input.Consignee, "consignee", errors);
        // The carrier often names whom to notify without an address or country.
        input.NotifyParty = input.NotifyParty is null ? null : Party(input.NotifyParty, "notifyParty", errors, countryRequired: false);
        input.GoodsDescription = DeclarationValidation.Text(input.GoodsDescription, "goodsDescription", DeclarationLimits.Description, errors, required: true);
        input.HsCode = HsCode(input.HsCode, errors);
        Quantities(input, errors);
        var containers = Containers(input.Containers, errors);
        input.Containers = containers.Count == 0 ? null : containers;
        input.Seals = Seals(input.Seals, containers, errors);
        input.PortOfLoading = Port(input.PortOfLoading, "portOfLoading", errors);
        input.PortOfDischarge = Port(input.PortOfDischarge, "portOfDischarge", errors);
        var mode = Mode(input, errors);
        input.Route = Route(input.Route, errors);
        var arrival = ExpectedArrival(input, errors, now);
        var marking = Tlp.Amber;
        if (DeclarationValidation.Normalise(input.Marking) is { } markingText && !DeclarationValidation.TryMarking(markingText, out marking))
        {
            errors.Add("marking", $"'{DeclarationValidation.Clip(markingText)}' is not a TLP marking.");
        }
        input.Marking = marking == Tlp.Amber ? null : DeclarationValidation.MarkingName(marking);
        return errors.Any ? null : new ValidConsignment(input, arrival, mode, marking);
    }

    /// <summary>A consignment names one HS 2022 subheading (6 digits, dots allowed).</summary>
    private static string? HsCode(string? text, RecordErrors errors)
    {
        var hs = DeclarationValidation.Normalise(text)?.Replace(".", "", StringComparison.Ordinal);
        if (hs is null)
        {
            errors.Add("hsCode", "is required (6 digits).");
        }
        else if (hs.Length != 6 || !hs.All(char.IsAsciiDigit))
        {
            errors.Add("hsCode", $"'{DeclarationValidation.Clip(hs)}' is not a 6-digit HS code.");
        }
        else if (!ReferenceData.Instance.Hs.IsValidSubheading(hs))
        {
            errors.Add("hsCode", $"{hs} is not an HS 2022 subheading.");
        }
        return hs;
    }

    private static void Quantities(ConsignmentInput input, RecordErrors errors)
    {
        if (input.GrossKg is null)
        {
            errors.Add("grossKg", "is required.");
        }
        DeclarationValidation.NonNegative(input.GrossKg, "grossKg", errors);
        if (input.Packages is null)
        {
            errors.Add("packages", "is required.");
        }
        else if (input.Packages < 1)
        {
            errors.Add("packages", $"{input.Packages} is not a number of packages: at least 1.");
        }
    }

    /// <summary>ISO 6346 container numbers (spaces dropped, upper case), each listed once, at most <see cref="DeclarationLimits.MaxContainers"/>.</summary>
    private static List<string> Containers(List<string>? list, RecordErrors errors)
    {
        var containers = new List<string>();
        if (list is null)
        {
            return containers;
        }
        if (list.Count > DeclarationLimits.MaxContainers)
        {
            errors.Add("containers", $"{list.Count} containers: at most {DeclarationLimits.MaxContainers}.");
        }
        for (var i = 0; i < list.Count && i < DeclarationLimits.MaxContainers; i++)
        {
            var number = DeclarationValidation.Normalise(list[i])?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            if (number is null)
            {
                errors.Add($"containers[{i}]", "is empty.");
                continue;
            }
            if (!CheckDigits.IsValidContainerNumber(number))
            {
                if (number.Length == 11 && number[..4].All(char.IsAsciiLetterUpper) && number[4..].All(char.IsAsciiDigit))
                {
                    errors.Add($"containers[{i}]", $"{number} fails its ISO 6346 check digit (expected {CheckDigits.ContainerCheckDigit(number.AsSpan(0, 10))}).");
                }
                else
                {
                    errors.Add($"containers[{i}]", $"'{DeclarationValidation.Clip(number)}' is not an ISO 6346 container number (owner code, U/J/Z, 6 digits, check digit).");
                }
            }
            if (containers.Contains(number))
            {
                errors.Add($"containers[{i}]", $"{number} is listed twice.");
            }
            containers.Add(number);
        }
        return containers;
    }

    /// <summary>The transport mode (its name written back) and the conveyance checked against it.</summary>
    private static TransportMode Mode(ConsignmentInput input, RecordErrors errors)
    {
        var mode = TransportMode.Sea;
        var modeText = DeclarationValidation.Normalise(input.TransportMode);
        if (modeText is null)
        {
            errors.Add("transportMode", "is required.");
        }
        else if (!EnumText.TryParse(modeText, out mode))
        {
            errors.Add("transportMode", $"'{DeclarationValidation.Clip(modeText)}' is not a transport mode.");
        }
        else
        {
            input.TransportMode = DeclarationValidation.ModeName(mode);
        }
        input.Conveyance = DeclarationValidation.Conveyance(input.Conveyance, modeText is null ? null : mode, "conveyance", errors);
        return mode;
    }

    /// <summary>The countries the goods pass through, in order.</summary>
    private static List<string>? Route(List<string>? given, RecordErrors errors)
    {
        var ignored = OpaqueCodes.None;
        var route = new List<string>();
        for (var i = 0; i < (given?.Count ?? 0); i++)
        {
            var code = DeclarationValidation.Country(given![i], $"route[{i}]", errors, required: true, ref ignored, OpaqueCodes.None);
            if (code is not null)
            {
                route.Add(code);
            }
        }
        return route.Count == 0 ? null : route;
    }

    /// <summary>An ISO 8601 instant within two years before and one year after now, written back in UTC.</summary>
    private static DateTimeOffset ExpectedArrival(ConsignmentInput input, RecordErrors errors, DateTimeOffset now)
    {
        var arrival = default(DateTimeOffset);
        input.ExpectedArrival = DeclarationValidation.Normalise(input.ExpectedArrival);
        if (input.ExpectedArrival is null)
        {
            errors.Add("expectedArrival", "is required (ISO 8601, e.g. 2026-03-01T14:00:00Z).");
        }
        else if (!DateTimeOffset.TryParse(input.ExpectedArrival, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out arrival))
        {
            errors.Add("expectedArrival", $"'{DeclarationValidation.Clip(input.ExpectedArrival)}' is not an ISO 8601 date and time.");
        }
        else if (arrival < now.AddYears(-2) || arrival > now.AddYears(1))
        {
            errors.Add("expectedArrival", $"{input.ExpectedArrival} is not plausible: within two years before and one year after now.");
        }
        else
        {
            arrival = arrival.ToUniversalTime();
            input.ExpectedArrival = arrival.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        return arrival;
    }

    /// <summary>Each seal names one of the consignment's containers and is listed once; a seal number has no spaces.</summary>
    private static List<SealInput>? Seals(List<SealInput>? seals, List<string> containers, RecordErrors errors)
    {
        if (seals is null || seals.Count == 0)
        {
            return null;
        }
        var kept = new List<SealInput>();
        for (var i = 0; i < seals.Count; i++)
        {
            var container = DeclarationValidation.Normalise(seals[i].Container)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            var number = DeclarationValidation.Normalise(seals[i].Number)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            if (container is null)
            {
                errors.Add($"seals[{i}].container", "is required: the container the seal is on.");
            }
            else if (!containers.Contains(container))
            {
                errors.Add($"seals[{i}].container", $"{DeclarationValidation.Clip(container)} is not one of the consignment's containers.");
            }
            if (number is null)
            {
                errors.Add($"seals[{i}].number", "is required.");
            }
            else if (number.Length > DeclarationLimits.Seal)
            {
                errors.Add($"seals[{i}].number", $"{number.Length} characters: a seal number has at most {DeclarationLimits.Seal}.");
            }
            else if (kept.Any(k => k.Container == container && k.Number == number))
            {
                errors.Add($"seals[{i}].number", $"{number} is listed twice on {container}.");
            }
            kept.Add(new SealInput { Container = container, Number = number });
        }
        foreach (var group in kept.Where(k => k.Container is not null && k.Number is not null).GroupBy(k => k.Container!))
        {
            if (string.Join(' ', group.Select(k => k.Number)).Length > DeclarationLimits.Seals)
            {
                errors.Add("seals", $"{group.Key} has more seal numbers than fit in {DeclarationLimits.Seals} characters.");
            }
        }
        return kept;
    }

    /// <summary>A UN/LOCODE: the country's ISO 3166-1 alpha-2 code and three letters or digits 2–9 (spaces allowed, as printed: "NL RTM").</summary>
    private static string? Port(string? value, string field, RecordErrors errors)
    {
        var code = DeclarationValidation.Normalise(value)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (code is null)
        {
            return null;
        }
        if (code.Length != 5 || !code[..2].All(char.IsAsciiLetterUpper) || !code[2..].All(c => char.IsAsciiLetterUpper(c) || c is >= '2' and <= '9'))
        {
            errors.Add(field, $"'{DeclarationValidation.Clip(code)}' is not a UN/LOCODE (country code and three letters or digits, e.g. NLRTM).");
        }
        else if (ReferenceData.Instance.Countries.ByAlpha2(code[..2]) is null)
        {
            errors.Add(field, $"{code}: {code[..2]} is not an ISO 3166-1 alpha-2 country code.");
        }
        return code;
    }

    private static PartyInput? Party(PartyInput? party, string field, RecordErrors errors, bool countryRequired = true)
    {
        if (party is null)
        {
            errors.Add(field, "is required.");
            return null;
        }
        var ignored = OpaqueCodes.None;
        party.Id = DeclarationValidation.Code(party.Id, $"{field}.id", DeclarationLimits.Code, errors, required: false);
        party.Name = DeclarationValidation.Text(party.Name, $"{field}.name", DeclarationLimits.Name, errors, required: true);
        party.Address = DeclarationValidation.Text(party.Address, $"{field}.address", DeclarationLimits.Address, errors, required: false);
        party.Country = DeclarationValidation.Country(party.Country, $"{field}.country", errors, required: countryRequired, ref ignored, OpaqueCodes.None);
        return party;
    }
}
