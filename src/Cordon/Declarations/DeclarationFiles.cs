using System.Globalization;
using System.Text.Json;
using Cordon.Common;

namespace Cordon.Declarations;

public enum FileFormat
{
    Csv,
    Jsonl,
    ResearchCsv,
}

/// <summary>
/// Reads declaration files as a stream of candidates (one per declaration), in constant memory.
/// Problems of a record (bad quoting, wrong number of fields, non-numeric values, invalid UTF-8)
/// become errors of that record; only an unusable header stops the whole file.
/// </summary>
public static class DeclarationFiles
{
    /// <summary>Cordon's declaration CSV: one line per item; consecutive lines with the same office, declarant and number form one declaration.</summary>
    public static readonly string[] CsvColumns =
    [
        "office", "declarant", "number", "kind", "lodged_on", "transport_mode", "conveyance",
        "importer_id", "importer_name", "importer_address", "importer_country",
        "exporter_id", "exporter_name", "exporter_address", "exporter_country",
        "consignee_id", "consignee_name", "consignee_address", "consignee_country",
        "origin_country", "export_country", "destination_country", "port_of_loading", "port_of_discharge",
        "currency", "total_fob", "total_cif", "marking",
        "item_hs_code", "item_description", "item_quantity", "item_unit", "item_gross_kg", "item_net_kg",
        "item_fob", "item_cif", "item_duties", "item_taxes",
        "illicit", "revenue",
    ];

    /// <summary>The public customs-fraud research layout (one line per item; consecutive lines with the same sgd.id form one declaration).</summary>
    public static readonly string[] ResearchColumns =
    [
        "sgd.id", "sgd.date", "importer.id", "declarant.id", "country", "office.id", "tariff.code",
        "quantity", "gross.weight", "fob.value", "cif.value", "total.taxes", "illicit", "revenue",
    ];

    private static readonly string[] CsvRequired = ["office", "declarant", "number", "item_hs_code"];
    private const int HeaderFieldCount = 28; // columns before item_hs_code describe the declaration, after it the item

    public static FileFormat ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "csv" or null or "" => FileFormat.Csv,
        "jsonl" or "ndjson" => FileFormat.Jsonl,
        "research-csv" or "research" => FileFormat.ResearchCsv,
        _ => throw ValidationFailed.Field("format", $"'{text}' is not a format: use csv, jsonl or research-csv."),
    };

    public static IEnumerable<Candidate<DeclarationInput>> Read(LineReader reader, FileFormat format) => format switch
    {
        FileFormat.Jsonl => ReadJsonl(reader),
        FileFormat.ResearchCsv => ReadGrouped(reader, ResearchColumns, ["sgd.id", "tariff.code"], research: true),
        _ => ReadGrouped(reader, CsvColumns, CsvRequired, research: false),
    };

    private sealed class Group
    {
        public required string Key { get; init; }
        public required long FirstLine { get; init; }
        public long LastLine { get; set; }
        public required DeclarationInput Input { get; init; }
        /// <summary>The declaration's first line: later lines of the same declaration must repeat its header fields.</summary>
        public required CsvFields First { get; init; }
        public required string[] KeyParts { get; init; }
        public Candidate<DeclarationInput>? Candidate { get; set; }
        public List<string> Raw { get; } = [];
        public RecordErrors Errors { get; } = new();
    }

    private static IEnumerable<Candidate<DeclarationInput>> ReadGrouped(LineReader reader, string[] known, string[] required, bool research)
    {
        var headerLine = reader.ReadLine(out var headerTooLong);
        if (headerLine is null)
        {
            yield break;
        }
        var columns = CsvLine.Header(headerLine, headerTooLong, known, required);
        var index = known.ToDictionary(k => k, k => Array.IndexOf(columns, k));
        var keyColumns = research ? new[] { index["sgd.id"] } : [index["office"], index["declarant"], index["number"]];
        var fields = new CsvFields();
        CsvFields? spare = null;
        Group? current = null;
        var ordinal = 0;
        while (true)
        {
            var line = reader.ReadLine(out var tooLong);
            if (line is null)
            {
                break;
            }
            var lineNo = reader.LineNumber;
            if (!tooLong && line.Length == 0)
            {
                continue;
            }
            if (fields.Refuse(line, tooLong, reader.MaxLine, columns.Length) is { } lineError)
            {
                // Attribute the broken line to its declaration when its key can still be read, so that
                // declaration is rejected whole rather than stored without the item.
                var naive = tooLong ? [] : line.Split(',');
                var key = keyColumns.All(k => k < naive.Length) ? string.Join('\u001f', keyColumns.Select(k => naive[k].Trim().ToUpperInvariant())) : null;
                if (current is not null && key == current.Key)
                {
                    current.Errors.Add($"items[{current.Input.Items!.Count}]", $"line {lineNo}: {lineError}");
                    current.Input.Items.Add(new ItemInput());
                    current.Raw.Add(tooLong ? $"(line {lineNo} too long)" : line);
                    current.LastLine = lineNo;
                    continue;
                }
                if (current is not null)
                {
                    yield return Finish(current);
                }
                current = null;
                var bad = new Candidate<DeclarationInput>
                {
                    Index = ordinal++,
                    Position = $"line {lineNo}",
                    Raw = tooLong ? $"(line {lineNo}: {line.Length} characters kept of a longer line)" : line,
                    Number = key is null ? null : key.Split('\u001f')[^1],
                };
                bad.Errors.Add("", $"line {lineNo}: {lineError}");
                yield return bad;
                continue;
            }

            if (current is null || !SameKey(fields, keyColumns, current.KeyParts))
            {
                if (current is not null)
                {
                    spare = current.First;
                    yield return Finish(current);
                }
                var input = research ? ResearchHeader(fields, index) : CsvHeader(fields, index);
                var parts = keyColumns.Select(k => fields.Span(k).Trim().ToString().ToUpperInvariant()).ToArray();
                current = new Group
                {
                    Key = string.Join('\u001f', parts),
                    KeyParts = parts,
                    FirstLine = lineNo,
                    LastLine = lineNo,
                    Input = input,
                    First = fields,
                };
                // The group keeps this line's fields; read the next line into another instance.
                fields = spare ?? new CsvFields();
                spare = null;
                current.Candidate = new Candidate<DeclarationInput> { Index = ordinal++, Position = "", Raw = "", Input = input, Number = input.Number };
            }
            else if (!research)
            {
                for (var c = 0; c < HeaderFieldCount; c++)
                {
                    var col = index[known[c]];
                    if (col >= 0 && !fields.Span(col).SequenceEqual(current.First.Span(col)))
                    {
                        current.Errors.Add(FieldPath(known[c]), $"line {lineNo} says '{DeclarationValidation.Clip(fields[col])}' where line {current.FirstLine} of the same declaration says '{DeclarationValidation.Clip(current.First[col])}'.");
                    }
                }
            }
            var row = current.LastLine == lineNo ? current.First : fields;
            current.Raw.Add(line);
            current.LastLine = lineNo;
            var itemIndex = current.Input.Items!.Count;
            current.Input.Items.Add(research ? ResearchItem(row, index, itemIndex, current) : CsvItem(row, index, itemIndex, current));
        }
        if (current is not null)
        {
            yield return Finish(current);
        }
    }

    private static Candidate<DeclarationInput> Finish(Group g)
    {
        var c = new Candidate<DeclarationInput>
        {
            Index = g.Candidate!.Index,
            Position = g.FirstLine == g.LastLine ? $"line {g.FirstLine}" : $"lines {g.FirstLine}–{g.LastLine}",
            Input = g.Input,
            // The raw lines are only kept for a record with parse errors (quarantined as text); a record that
            // parsed is identified by its JSON, and thousands of them wait in memory for their batch.
            Raw = g.Errors.Any ? string.Join('\n', g.Raw) : "",
            Number = g.Input.Number,
        };
        c.Errors.AddAll(g.Errors);
        return c;
    }

    private static string FieldPath(string column) => column switch
    {
        "lodged_on" => "lodgedOn",
        "transport_mode" => "transportMode",
        "origin_country" => "originCountry",
        "export_country" => "exportCountry",
        "destination_country" => "destinationCountry",
        "port_of_loading" => "portOfLoading",
        "port_of_discharge" => "portOfDischarge",
        "total_fob" => "totalFob",
        "total_cif" => "totalCif",
        _ when column.Contains('_', StringComparison.Ordinal) => column.Replace('_', '.'),
        _ => column,
    };

    private static bool SameKey(CsvFields fields, int[] keyColumns, string[] parts)
    {
        for (var k = 0; k < keyColumns.Length; k++)
        {
            if (!fields.Span(keyColumns[k]).Trim().Equals(parts[k], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }

    private static string? Get(CsvFields fields, Dictionary<string, int> index, string column)
        => index[column] is var i and >= 0 ? fields.Value(i) : null;

    /// <summary>A number field; <paramref name="item"/> ≥ 0 puts the error under items[item].</summary>
    private static decimal? Number(CsvFields fields, Dictionary<string, int> index, string column, string field, Group group, int item = -1)
    {
        if (index[column] is not (var i and >= 0))
        {
            return null;
        }
        var span = fields.Span(i).Trim();
        if (span.IsEmpty)
        {
            return null;
        }
        if (decimal.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        group.Errors.Add(item >= 0 ? $"items[{item}].{field}" : field, $"'{DeclarationValidation.Clip(span.ToString())}' is not a number (use . as the decimal point, no thousands separators).");
        return null;
    }

    private static PartyInput? Party(CsvFields fields, Dictionary<string, int> index, string prefix)
    {
        var party = new PartyInput
        {
            Id = Get(fields, index, prefix + "_id"),
            Name = Get(fields, index, prefix + "_name"),
            Address = Get(fields, index, prefix + "_address"),
            Country = Get(fields, index, prefix + "_country"),
        };
        return party.Id is null && party.Name is null && party.Address is null && party.Country is null ? null : party;
    }

    private static DeclarationInput CsvHeader(CsvFields f, Dictionary<string, int> ix) => new()
    {
        Office = Get(f, ix, "office"),
        Declarant = Get(f, ix, "declarant"),
        Number = Get(f, ix, "number"),
        Kind = Get(f, ix, "kind"),
        LodgedOn = Get(f, ix, "lodged_on"),
        TransportMode = Get(f, ix, "transport_mode"),
        Conveyance = Get(f, ix, "conveyance"),
        Importer = Party(f, ix, "importer"),
        Exporter = Party(f, ix, "exporter"),
        Consignee = Party(f, ix, "consignee"),
        OriginCountry = Get(f, ix, "origin_country"),
        ExportCountry = Get(f, ix, "export_country"),
        DestinationCountry = Get(f, ix, "destination_country"),
        PortOfLoading = Get(f, ix, "port_of_loading"),
        PortOfDischarge = Get(f, ix, "port_of_discharge"),
        Currency = Get(f, ix, "currency"),
        Marking = Get(f, ix, "marking"),
        Items = [],
    };

    private static ItemInput CsvItem(CsvFields f, Dictionary<string, int> ix, int item, Group g)
    {
        if (g.Input.Items!.Count == 0)
        {
            // Totals and outcome live on the declaration's first line.
            g.Input.TotalFob = Number(f, ix, "total_fob", "totalFob", g);
            g.Input.TotalCif = Number(f, ix, "total_cif", "totalCif", g);
            Outcome(f, ix, g, "illicit", "revenue");
        }
        return new ItemInput
        {
            HsCode = Get(f, ix, "item_hs_code"),
            Description = Get(f, ix, "item_description"),
            Quantity = Number(f, ix, "item_quantity", "quantity", g, item),
            Unit = Get(f, ix, "item_unit"),
            GrossKg = Number(f, ix, "item_gross_kg", "grossKg", g, item),
            NetKg = Number(f, ix, "item_net_kg", "netKg", g, item),
            Fob = Number(f, ix, "item_fob", "fob", g, item),
            Cif = Number(f, ix, "item_cif", "cif", g, item),
            Duties = Number(f, ix, "item_duties", "duties", g, item),
            Taxes = Number(f, ix, "item_taxes", "taxes", g, item),
        };
    }

    private static void Outcome(CsvFields f, Dictionary<string, int> ix, Group g, string illicitColumn, string revenueColumn)
    {
        var illicit = Get(f, ix, illicitColumn);
        var revenue = Number(f, ix, revenueColumn, "outcome.revenue", g);
        if (illicit is null && revenue is null)
        {
            return;
        }
        var flag = illicit switch
        {
            "1" or "true" or "TRUE" or "True" => true,
            "0" or "false" or "FALSE" or "False" or null => false,
            _ => (bool?)null,
        };
        if (flag is null)
        {
            g.Errors.Add("outcome.illicit", $"'{DeclarationValidation.Clip(illicit!)}' is not 0 or 1.");
        }
        var outcome = g.Input.Outcome ?? new OutcomeInput();
        outcome.Illicit |= flag ?? false;
        outcome.Revenue = (outcome.Revenue ?? 0) + (revenue ?? 0);
        g.Input.Outcome = outcome;
    }

    private static DeclarationInput ResearchHeader(CsvFields f, Dictionary<string, int> ix)
    {
        var date = Get(f, ix, "sgd.date");
        // The research data writes dates as YY-MM-DD (13-01-02 is 2 January 2013).
        if (date is { Length: 8 } && date[2] == '-' && date[5] == '-' && date.Replace("-", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
        {
            date = "20" + date;
        }
        return new DeclarationInput
        {
            Layout = "research",
            Kind = "import",
            Number = Get(f, ix, "sgd.id"),
            LodgedOn = date,
            Importer = Get(f, ix, "importer.id") is { } importer ? new PartyInput { Id = importer } : null,
            Declarant = Get(f, ix, "declarant.id"),
            OriginCountry = Get(f, ix, "country"),
            Office = Get(f, ix, "office.id"),
            Items = [],
        };
    }

    private static ItemInput ResearchItem(CsvFields f, Dictionary<string, int> ix, int item, Group g)
    {
        var code = Get(f, ix, "tariff.code");
        // Tariff codes stored as numbers lose the leading zero of chapters 01–09: restore it.
        if (code is { } c && c.All(char.IsAsciiDigit) && c.Length % 2 == 1 && c.Length < 10)
        {
            code = "0" + c;
        }
        Outcome(f, ix, g, "illicit", "revenue");
        return new ItemInput
        {
            HsCode = code,
            Quantity = Number(f, ix, "quantity", "quantity", g, item),
            GrossKg = Number(f, ix, "gross.weight", "grossKg", g, item),
            Fob = Number(f, ix, "fob.value", "fob", g, item),
            Cif = Number(f, ix, "cif.value", "cif", g, item),
            Taxes = Number(f, ix, "total.taxes", "taxes", g, item),
        };
    }

    private static IEnumerable<Candidate<DeclarationInput>> ReadJsonl(LineReader reader)
    {
        var ordinal = 0;
        while (reader.ReadLine(out var tooLong) is { } line)
        {
            if (!tooLong && string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return JsonCandidate(line, tooLong, reader.LineNumber, reader.MaxLine, ordinal++, IntakeJson.Default.DeclarationInput, i => i.Number);
        }
    }

    internal static Candidate<T> JsonCandidate<T>(string line, bool tooLong, long lineNo, int maxLine, int ordinal, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Func<T, string?> number)
        where T : class
    {
        var position = $"line {lineNo}";
        if (tooLong)
        {
            var c = new Candidate<T> { Index = ordinal, Position = position, Raw = $"(line {lineNo} longer than {maxLine:N0} characters)" };
            c.Errors.Add("", $"line {lineNo}: the line is longer than {maxLine:N0} characters.");
            return c;
        }
        if (line.Contains('\uFFFD'))
        {
            var c = new Candidate<T> { Index = ordinal, Position = position, Raw = line };
            c.Errors.Add("", $"line {lineNo}: the line is not valid UTF-8; save the file as UTF-8.");
            return c;
        }
        try
        {
            var input = JsonSerializer.Deserialize(line, type);
            if (input is null)
            {
                var c = new Candidate<T> { Index = ordinal, Position = position, Raw = line };
                c.Errors.Add("", $"line {lineNo}: expected a JSON object, found null.");
                return c;
            }
            return new Candidate<T> { Index = ordinal, Position = position, Raw = line, Input = input, Number = number(input) };
        }
        catch (JsonException e)
        {
            var c = new Candidate<T> { Index = ordinal, Position = position, Raw = line, Number = TryNumber(line) };
            c.Errors.Add(JsonPath(e.Path), $"line {lineNo}: {JsonMessage(e)}");
            return c;
        }
    }

    /// <summary>"$.items[0].quantity" → "items[0].quantity".</summary>
    public static string JsonPath(string? path)
        => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    public static string JsonMessage(JsonException e)
    {
        var message = e.Message;
        // System.Text.Json messages end with "Path: … | LineNumber: … | BytePositionInLine: …"; the path is reported separately.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Replace("System.", "", StringComparison.Ordinal);
    }

    private static string? TryNumber(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var name in new[] { "number", "reference" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.String)
                {
                    return n.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
