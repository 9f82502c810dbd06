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
        var ignored = OpaqueCodes.None;
        input.Office = DeclarationValidation.Code(input.Office, "office", DeclarationLimits.Code, errors, required: true);
        input.Filer = DeclarationValidation.Code(input.Filer, "filer", DeclarationLimits.Code, errors, required: true);
        input.Reference = DeclarationValidation.Code(input.Reference, "reference", DeclarationLimits.Number, errors, required: true);
        input.Consignor = Party(input.Consignor, "consignor", errors);
        input.Consignee = Party(input.Consignee, "consignee", errors);
        input.GoodsDescription = DeclarationValidation.Text(input.GoodsDescription, "goodsDescription", DeclarationLimits.Description, errors, required: true);

        var hs = DeclarationValidation.Normalise(input.HsCode)?.Replace(".", "", StringComparison.Ordinal);
        input.HsCode = hs;
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

        var containers = new List<string>();
        if (input.Containers is { } list)
        {
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
        }
        input.Containers = containers.Count == 0 ? null : containers;

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

        var route = new List<string>();
        for (var i = 0; i < (input.Route?.Count ?? 0); i++)
        {
            var code = DeclarationValidation.Country(input.Route![i], $"route[{i}]", errors, required: true, ref ignored, OpaqueCodes.None);
            if (code is not null)
            {
                route.Add(code);
            }
        }
        input.Route = route.Count == 0 ? null : route;

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

        var marking = Tlp.Amber;
        if (DeclarationValidation.Normalise(input.Marking) is { } markingText && !DeclarationValidation.TryMarking(markingText, out marking))
        {
            errors.Add("marking", $"'{DeclarationValidation.Clip(markingText)}' is not a TLP marking.");
        }
        input.Marking = marking == Tlp.Amber ? null : DeclarationValidation.MarkingName(marking);
        return errors.Any ? null : new ValidConsignment(input, arrival, mode, marking);
    }

    private static PartyInput? Party(PartyInput? party, string field, RecordErrors errors)
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
        party.Country = DeclarationValidation.Country(party.Country, $"{field}.country", errors, required: true, ref ignored, OpaqueCodes.None);
        return party;
    }
}
