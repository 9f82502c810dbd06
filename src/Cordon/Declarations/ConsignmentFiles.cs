using System.Globalization;
using Cordon.Common;

namespace Cordon.Declarations;

/// <summary>Reads pre-arrival consignment files (CSV, one line per consignment, or JSON Lines) as candidates.</summary>
public static class ConsignmentFiles
{
    public static readonly string[] CsvColumns =
    [
        "office", "filer", "reference",
        "consignor_id", "consignor_name", "consignor_address", "consignor_country",
        "consignee_id", "consignee_name", "consignee_address", "consignee_country",
        "goods_description", "hs_code", "gross_kg", "packages", "containers",
        "transport_mode", "conveyance", "route", "expected_arrival", "marking",
    ];

    private static readonly string[] Required = ["office", "filer", "reference"];

    public static IEnumerable<Candidate<ConsignmentInput>> Read(LineReader reader, FileFormat format)
    {
        if (format == FileFormat.ResearchCsv)
        {
            throw ValidationFailed.Field("format", "the research layout holds declarations, not consignments: use csv or jsonl.");
        }
        return format == FileFormat.Jsonl ? ReadJsonl(reader) : ReadCsv(reader);
    }

    private static IEnumerable<Candidate<ConsignmentInput>> ReadJsonl(LineReader reader)
    {
        var ordinal = 0;
        while (reader.ReadLine(out var tooLong) is { } line)
        {
            if (!tooLong && string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return DeclarationFiles.JsonCandidate(line, tooLong, reader.LineNumber, reader.MaxLine, ordinal++, IntakeJson.Default.ConsignmentInput, i => i.Reference);
        }
    }

    private static IEnumerable<Candidate<ConsignmentInput>> ReadCsv(LineReader reader)
    {
        var headerLine = reader.ReadLine(out var headerTooLong);
        if (headerLine is null)
        {
            yield break;
        }
        var columns = CsvLine.Header(headerLine, headerTooLong, CsvColumns, Required);
        var ix = CsvColumns.ToDictionary(k => k, k => Array.IndexOf(columns, k));
        var fields = new CsvFields();
        var ordinal = 0;
        while (reader.ReadLine(out var tooLong) is { } line)
        {
            var lineNo = reader.LineNumber;
            if (!tooLong && line.Length == 0)
            {
                continue;
            }
            if (fields.Refuse(line, tooLong, reader.MaxLine, columns.Length) is { } lineError)
            {
                var bad = new Candidate<ConsignmentInput> { Index = ordinal++, Position = $"line {lineNo}", Raw = tooLong ? $"(line {lineNo} too long)" : line };
                bad.Errors.Add("", $"line {lineNo}: {lineError}");
                yield return bad;
                continue;
            }
            string? Get(string column) => ix[column] is var i and >= 0 ? fields.Value(i) : null;
            var c = new Candidate<ConsignmentInput>
            {
                Index = ordinal++,
                Position = $"line {lineNo}",
                Raw = line,
                Number = Get("reference"),
                Input = new ConsignmentInput
                {
                    Office = Get("office"),
                    Filer = Get("filer"),
                    Reference = Get("reference"),
                    Consignor = new PartyInput { Id = Get("consignor_id"), Name = Get("consignor_name"), Address = Get("consignor_address"), Country = Get("consignor_country") },
                    Consignee = new PartyInput { Id = Get("consignee_id"), Name = Get("consignee_name"), Address = Get("consignee_address"), Country = Get("consignee_country") },
                    GoodsDescription = Get("goods_description"),
                    HsCode = Get("hs_code"),
                    TransportMode = Get("transport_mode"),
                    Conveyance = Get("conveyance"),
                    Containers = Get("containers")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
                    Route = Get("route")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
                    ExpectedArrival = Get("expected_arrival"),
                    Marking = Get("marking"),
                },
            };
            if (Get("gross_kg") is { } gross)
            {
                if (decimal.TryParse(gross, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var kg))
                {
                    c.Input.GrossKg = kg;
                }
                else
                {
                    c.Errors.Add("grossKg", $"'{DeclarationValidation.Clip(gross)}' is not a number.");
                }
            }
            if (Get("packages") is { } packages)
            {
                if (int.TryParse(packages, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    c.Input.Packages = n;
                }
                else
                {
                    c.Errors.Add("packages", $"'{DeclarationValidation.Clip(packages)}' is not a whole number.");
                }
            }
            yield return c;
        }
    }
}
